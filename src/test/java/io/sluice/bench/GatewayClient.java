package io.sluice.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * A REST Proxy v2 client over one HTTP/1.1 connection ({@code java.net.http}), as a program in
 * another language would use the gateway. Records answers are streamed and every byte is parsed
 * with Jackson's streaming parser; nothing is kept but each record's partition, offset and
 * timestamp. Any answer but the expected status throws. One thread at a time.
 */
final class GatewayClient {
  static final String V2 = "application/vnd.kafka.v2+json";
  private static final JsonFactory JSON = new JsonFactory();

  /** Receives each record of an answer as soon as it is parsed. */
  interface RecordSink {
    void record(int partition, long offset, long timestamp);
  }

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final String base;

  GatewayClient(String base) {
    this.base = base;
  }

  /** {@code POST /consumers/{group}} with {@code body}; answers the instance's path. */
  String create(String group, String body) throws IOException, InterruptedException {
    String answer = send("POST", "/consumers/" + group, body, 200);
    String marker = "\"base_uri\":\"";
    String uri = answer.substring(answer.indexOf(marker) + marker.length());
    return URI.create(uri.substring(0, uri.indexOf('"'))).getPath();
  }

  void subscribe(String instance, String topic) throws IOException, InterruptedException {
    send("POST", instance + "/subscription", "{\"topics\":[\"" + topic + "\"]}", 204);
  }

  void delete(String instance) throws IOException, InterruptedException {
    send("DELETE", instance, null, 204);
  }

  /** {@code GET path}; answers the body of its 200 answer. */
  String get(String path) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "GET " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  /** {@code POST …/offsets} with {@code body}, or without a body (commit what was delivered). */
  void commit(String instance, String body) throws IOException, InterruptedException {
    send("POST", instance + "/offsets", body, 200);
  }

  /**
   * {@code GET …/records?query} with {@code accept}; hands every record to {@code sink} and answers
   * how many there were.
   */
  int fetch(String instance, String query, String accept, RecordSink sink)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + instance + "/records?" + query))
            .header("Accept", accept)
            .build();
    HttpResponse<InputStream> response =
        http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = response.body()) {
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "GET records answered "
                + response.statusCode()
                + ": "
                + new String(body.readAllBytes(), StandardCharsets.UTF_8));
      }
      return parse(body, sink);
    }
  }

  private static int parse(InputStream body, RecordSink sink) throws IOException {
    int records = 0;
    try (JsonParser parser = JSON.createParser(body)) {
      if (parser.nextToken() != JsonToken.START_ARRAY) {
        throw new IllegalStateException("Records answer is not an array");
      }
      while (parser.nextToken() == JsonToken.START_OBJECT) {
        record(parser, sink);
        records++;
      }
    }
    return records;
  }

  /**
   * Reads one record object, its START_OBJECT just read, up to its END_OBJECT, and hands it to
   * {@code sink}.
   */
  static void record(JsonParser parser, RecordSink sink) throws IOException {
    int partition = -1;
    long offset = -1;
    long timestamp = -1;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      parser.nextToken();
      switch (field) {
        case "partition" -> partition = parser.getIntValue();
        case "offset" -> offset = parser.getLongValue();
        case "timestamp" -> timestamp = parser.getLongValue();
        default -> parser.skipChildren();
      }
    }
    sink.record(partition, offset, timestamp);
  }

  private String send(String method, String path, String body, int expected)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", V2).method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != expected) {
      throw new IllegalStateException(
          method + " " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }
}
