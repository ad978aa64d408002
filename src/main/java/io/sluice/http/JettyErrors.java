package io.sluice.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers before Javalin sees the request (no Host, a bad request line, headers too
 * large, shutting down) get the same JSON envelope as everything else.
 */
final class JettyErrors extends ErrorHandler {
  @Override
  public boolean errorPageForMethod(String method) {
    return true;
  }

  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      String message,
      Throwable cause,
      Callback callback) {
    byte[] body;
    try {
      body = Json.MAPPER.writeValueAsBytes(new ApiError(code, message(code, message)));
    } catch (JsonProcessingException e) {
      body =
          ("{\"error_code\":" + code + ",\"message\":\"HTTP error\"}")
              .getBytes(StandardCharsets.UTF_8);
    }
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, MediaTypes.V2);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  /** Jetty's reason, unless it names Jetty's insides, and what the client can do about it. */
  static String message(int code, String reason) {
    String said =
        reason == null || reason.isBlank() || ErrorTable.namesInternals(reason)
            ? HttpStatus.getMessage(code)
            : reason;
    return switch (code) {
      case 400 -> said + "; check the request line, the headers and the URI's percent-encoding";
      case 414 -> said + "; shorten the path and query string";
      case 431 -> said + "; send fewer or shorter headers";
      case 505 -> said + "; speak HTTP/1.1";
      default -> said;
    };
  }
}
