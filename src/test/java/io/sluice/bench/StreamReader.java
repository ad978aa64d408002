package io.sluice.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.sluice.bench.GatewayClient.RecordSink;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A client of one record stream ({@code GET …/records} with an SSE or NDJSON Accept) on its own
 * HTTP/1.1 connection ({@code java.net.http}), as a program in another language would read it:
 * every byte is read and split into lines, and each record's JSON (an NDJSON line, or the {@code
 * data:} line of an SSE record event) is parsed with Jackson's streaming parser. Reading blocks the
 * calling thread; an interrupt ends it. One thread at a time.
 */
final class StreamReader {
  /** The stream formats, by the Accept that asks for each. */
  enum Format {
    SSE("text/event-stream"),
    NDJSON("application/x-ndjson");

    private final String accept;

    Format(String accept) {
      this.accept = accept;
    }
  }

  /** Whether the reader has read enough; asked after each record. */
  interface Until {
    boolean done() throws Exception;
  }

  /** What one reading got: records, and the SSE rebalance events and keep-alive comments. */
  record Seen(long records, long rebalances, long keepAlives) {}

  private static final JsonFactory JSON = new JsonFactory();

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final String base;

  StreamReader(String base) {
    this.base = base;
  }

  /**
   * Opens the stream of {@code instance} and hands every record to {@code sink} until {@code until}
   * is done, then closes the body before its end, which cuts the connection and so ends the stream.
   * Throws if the stream is refused, ends first, or sends an SSE error event.
   */
  Seen read(String instance, Format format, RecordSink sink, Until until) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + instance + "/records"))
            .header("Accept", format.accept)
            .build();
    HttpResponse<InputStream> response =
        http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = response.body()) {
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "Stream of "
                + instance
                + " answered "
                + response.statusCode()
                + ": "
                + new String(body.readAllBytes(), StandardCharsets.UTF_8));
      }
      Lines lines = new Lines(body);
      long records = 0;
      long rebalances = 0;
      long keepAlives = 0;
      String event = null;
      while (lines.next()) {
        if (format == Format.NDJSON) {
          if (lines.length() == 0) {
            continue;
          }
          lines.parse(0, sink);
        } else if (lines.length() == 0) {
          event = null;
          continue;
        } else if (lines.startsWith(":")) {
          keepAlives++;
          continue;
        } else if (lines.startsWith("event: ")) {
          event = lines.text(7);
          continue;
        } else if (!lines.startsWith("data: ")) {
          continue;
        } else if (!"record".equals(event)) {
          if ("rebalance".equals(event)) {
            rebalances++;
            continue;
          }
          throw new IllegalStateException(
              "Stream of " + instance + " sent event " + event + ": " + lines.text(6));
        } else {
          lines.parse(6, sink);
        }
        records++;
        if (until.done()) {
          return new Seen(records, rebalances, keepAlives);
        }
      }
      throw new IllegalStateException(
          "Stream of " + instance + " ended after " + records + " records");
    }
  }

  /** The body split into lines in place: the current line is {@code buffer[start, end)}. */
  private static final class Lines {
    private final InputStream in;
    private byte[] buffer = new byte[64 * 1024];
    private int filled;
    private int start;
    private int end;
    private int next;

    Lines(InputStream in) {
      this.in = in;
    }

    /** Moves to the next line; false at the end of the body. */
    boolean next() throws IOException {
      start = next;
      int scan = start;
      while (true) {
        for (; scan < filled; scan++) {
          if (buffer[scan] == '\n') {
            end = scan > start && buffer[scan - 1] == '\r' ? scan - 1 : scan;
            next = scan + 1;
            return true;
          }
        }
        if (start > 0) {
          System.arraycopy(buffer, start, buffer, 0, filled - start);
          filled -= start;
          scan -= start;
          start = 0;
        } else if (filled == buffer.length) {
          buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        int read = in.read(buffer, filled, buffer.length - filled);
        if (read < 0) {
          return false;
        }
        filled += read;
      }
    }

    int length() {
      return end - start;
    }

    boolean startsWith(String ascii) {
      if (length() < ascii.length()) {
        return false;
      }
      for (int i = 0; i < ascii.length(); i++) {
        if (buffer[start + i] != ascii.charAt(i)) {
          return false;
        }
      }
      return true;
    }

    String text(int from) {
      return new String(buffer, start + from, length() - from, StandardCharsets.UTF_8);
    }

    /** Parses the record object that starts {@code from} bytes into the line. */
    void parse(int from, RecordSink sink) throws IOException {
      try (JsonParser parser = JSON.createParser(buffer, start + from, length() - from)) {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
          throw new IllegalStateException("Not a record object: " + text(from));
        }
        GatewayClient.record(parser, sink);
      }
    }
  }
}
