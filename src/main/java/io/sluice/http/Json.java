package io.sluice.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** Reads request bodies strictly and writes the small JSON answers. */
final class Json {
  static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .build();

  private static final JavaType OBJECT =
      MAPPER.getTypeFactory().constructMapType(Map.class, String.class, Object.class);

  private Json() {}

  /** The body as {@code type}, or {@code empty} when there is no body; checks Content-Type. */
  static <T> T read(Context ctx, Class<T> type, T empty) {
    return read(ctx, MAPPER.constructType(type), empty);
  }

  private static <T> T read(Context ctx, JavaType type, T empty) {
    byte[] body = ctx.bodyAsBytes();
    if (isBlank(body)) {
      return empty;
    }
    MediaTypes.requireJsonBody(ctx.contentType());
    try {
      T value = MAPPER.readValue(body, type);
      return value == null ? empty : value;
    } catch (JsonProcessingException e) {
      throw new UncheckedJson(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A JSON object body as a map, or null when there is no body. */
  static Map<String, Object> readObject(Context ctx) {
    return read(ctx, OBJECT, null);
  }

  /** Like {@link #read} but a body is required. */
  static <T> T require(Context ctx, Class<T> type) {
    T value = read(ctx, type, null);
    if (value == null) {
      throw RequestException.invalid("A JSON request body is required");
    }
    return value;
  }

  static void answer(Context ctx, int status, Object body) {
    answer(ctx, status, MediaTypes.V2, body);
  }

  static void answer(Context ctx, int status, String contentType, Object body) {
    try {
      ctx.status(status).contentType(contentType).result(MAPPER.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isBlank(byte[] body) {
    for (byte b : body) {
      if (!Character.isWhitespace(b)) {
        return false;
      }
    }
    return true;
  }

  /** Carries a Jackson failure to the error table without a checked exception. */
  static final class UncheckedJson extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UncheckedJson(JsonProcessingException cause) {
      super(cause);
    }
  }
}
