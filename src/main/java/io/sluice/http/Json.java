package io.sluice.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;

/**
 * Reads request bodies strictly and writes the small JSON answers. A body that is not what the
 * endpoint expects is a {@link RequestException} whose message says what is wrong in the client's
 * terms (field, expected type, line and column), never in Jackson's.
 */
final class Json {
  /** Jackson's own bounds on nesting depth and on the length of numbers and names. */
  private static final StreamReadConstraints LIMITS = StreamReadConstraints.defaults();

  static final ObjectMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          // 1.5 is not a partition and 1e3 not an offset; nor is 5 a topic name.
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .withCoercionConfig(
              LogicalType.Textual,
              text ->
                  text.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                      .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                      .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
          .build();

  private static final JavaType OBJECT =
      MAPPER.getTypeFactory().constructMapType(Map.class, String.class, Object.class);

  private Json() {}

  /** The body as {@code type}, or {@code empty} when there is no body; checks Content-Type. */
  static <T> T read(Context ctx, Class<T> type, T empty) {
    T value = parse(ctx.bodyAsBytes(), ctx.contentType(), MAPPER.constructType(type));
    return value == null ? empty : value;
  }

  /** A JSON object body as a map, or null when there is no body. */
  static Map<String, Object> readObject(Context ctx) {
    return parse(ctx.bodyAsBytes(), ctx.contentType(), OBJECT);
  }

  /** Like {@link #read} but a body is required. */
  static <T> T require(Context ctx, Class<T> type) {
    T value = read(ctx, type, null);
    if (value == null) {
      throw RequestException.invalid("A JSON request body is required");
    }
    return value;
  }

  /**
   * A request body as {@code type}: null when it is blank or the JSON {@code null}; otherwise
   * exactly one JSON value of that shape, or a {@link RequestException} (415, 400 or 422).
   */
  static <T> T parse(byte[] body, String contentType, Class<T> type) {
    return parse(body, contentType, MAPPER.constructType(type));
  }

  /** A request body that must be a JSON object, as a map; null when blank. */
  static Map<String, Object> parseObject(byte[] body, String contentType) {
    return parse(body, contentType, OBJECT);
  }

  private static <T> T parse(byte[] body, String contentType, JavaType type) {
    if (isBlank(body)) {
      return null;
    }
    MediaTypes.requireJsonBody(contentType);
    try (JsonParser parser = MAPPER.createParser(utf8(body))) {
      T value = MAPPER.readValue(parser, type);
      if (parser.nextToken() != null) {
        throw malformed(parser.currentLocation(), "more than one JSON value");
      }
      return value;
    } catch (JsonProcessingException e) {
      throw refusal(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The body as text, strictly UTF-8 as JSON must be (RFC 8259): Jackson itself would take overlong
   * forms such as C0 AF for "/", and guess at UTF-16 and UTF-32. A leading byte order mark is
   * allowed and dropped.
   */
  private static String utf8(byte[] body) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer bytes = ByteBuffer.wrap(body);
    try {
      String text = decoder.decode(bytes).toString();
      return text.startsWith("\uFEFF") ? text.substring(1) : text;
    } catch (CharacterCodingException e) {
      throw new RequestException(
          400,
          400,
          "Malformed JSON: the body is not UTF-8 (an invalid byte sequence near byte "
              + bytes.position()
              + "); send one UTF-8 JSON object");
    }
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

  /** What Jackson found wrong, as the client should read it. */
  static RequestException refusal(JsonProcessingException e) {
    if (e instanceof UnrecognizedPropertyException u) {
      String path = fieldPath(u);
      return RequestException.invalid(
          "Unrecognized field: " + (path.isEmpty() ? Requests.shown(u.getPropertyName()) : path));
    }
    InputCoercionException outOfRange = find(e, InputCoercionException.class);
    if (outOfRange != null) {
      return RequestException.invalid(
          "Invalid value for "
              + (e instanceof JsonMappingException m ? where(m) : "a number in the body")
              + ": the number is out of range; expected "
              + expected(outOfRange.getTargetType())
              + range(outOfRange.getTargetType()));
    }
    if (find(e, StreamConstraintsException.class) != null) {
      return malformed(
          e.getLocation(),
          "too deep or too long; nest at most "
              + LIMITS.getMaxNestingDepth()
              + " levels, and keep numbers under "
              + LIMITS.getMaxNumberLength()
              + " digits and field names under "
              + LIMITS.getMaxNameLength()
              + " characters");
    }
    // Databind wraps the parser's complaints about nested values; the parser's words say more.
    StreamReadException syntax = find(e, StreamReadException.class);
    if (syntax != null) {
      return malformed(syntax.getLocation(), parserProblem(syntax.getOriginalMessage()));
    }
    if (e instanceof MismatchedInputException m) {
      return RequestException.invalid(
          "Invalid value for " + where(m) + ": expected " + expected(m.getTargetType()));
    }
    if (e instanceof JsonMappingException m) {
      return RequestException.invalid(
          "Invalid value for " + where(m) + "; see /openapi.yaml for the body's shape");
    }
    return malformed(e.getLocation(), parserProblem(e.getOriginalMessage()));
  }

  private static RequestException malformed(JsonLocation at, String problem) {
    String where =
        at == null || at.getLineNr() < 1
            ? ""
            : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    return new RequestException(
        400, 400, "Malformed JSON" + where + ": " + problem + " (send one UTF-8 JSON object)");
  }

  /**
   * The parser's own words about a syntax error ("Unexpected character ('}' (code 125))…") are
   * useful, but their tails name Jackson's features and source descriptions: those are cut off.
   */
  private static String parserProblem(String original) {
    String problem = original == null ? "" : original;
    int end = problem.length();
    for (String tail :
        new String[] {"\n", " at [Source", "[Source", " (start marker", " (not recognized"}) {
      int at = problem.indexOf(tail);
      if (at >= 0) {
        end = Math.min(end, at);
      }
    }
    problem = problem.substring(0, end);
    int tick = problem.indexOf('`');
    if (tick >= 0) {
      int cut = Math.max(problem.lastIndexOf(": ", tick), problem.lastIndexOf("; ", tick));
      problem = cut > 0 ? problem.substring(0, cut) : "";
    }
    problem = problem.strip();
    return problem.isEmpty() || ErrorTable.namesInternals(problem)
        ? "the body is not valid JSON"
        : problem;
  }

  private static String where(JsonMappingException e) {
    String path = fieldPath(e);
    return path.isEmpty() ? "the request body" : "field " + path;
  }

  /** Like {@code partitions[0].topic}; long or odd field names are shortened and quoted. */
  private static String fieldPath(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (var reference : e.getPath()) {
      String field = reference.getFieldName();
      if (field != null) {
        boolean plain = field.matches("[A-Za-z0-9._-]{1,64}");
        path.append(path.isEmpty() ? "" : ".").append(plain ? field : Requests.shown(field));
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  /** The JSON shape a Java type is read from, in the words of the API's documentation. */
  private static String expected(Class<?> type) {
    if (type == null) {
      return "the type /openapi.yaml gives";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type == Integer.class
        || type == int.class
        || type == Long.class
        || type == long.class
        || type == Short.class
        || type == short.class) {
      return "a whole number";
    }
    if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "an array";
    }
    if (JsonNode.class.isAssignableFrom(type)) {
      return "a JSON value";
    }
    return "an object";
  }

  private static String range(Class<?> type) {
    if (type == Integer.class || type == int.class) {
      return " from 0 to " + Integer.MAX_VALUE;
    }
    if (type == Long.class || type == long.class) {
      return " from 0 to " + Long.MAX_VALUE;
    }
    return "";
  }

  private static <E extends Throwable> E find(Throwable e, Class<E> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  private static boolean isBlank(byte[] body) {
    for (byte b : body) {
      if (!Character.isWhitespace(b)) {
        return false;
      }
    }
    return true;
  }
}
