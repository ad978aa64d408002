package io.sluice.support;

import static org.awaitility.Awaitility.await;

import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * A REST Proxy v2 client as a program in another language would write one: plain HTTP/1.1 over
 * {@code java.net.http}, text format, one instance path per consumer. Every request and answer is
 * held to {@code openapi/sluice.yaml}. A transport failure (the gateway died or went away) is an
 * {@link UncheckedIOException}; anything but the expected status is left to the caller, except
 * where a method says it fails. Thread-safe.
 */
public final class ConsumerClient {
  public static final String V2 = "application/vnd.kafka.v2+json";
  public static final String TEXT = "application/vnd.kafka.text.v2+json";
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  /** One record as the client received it; its value is a {@link Ledger} sequence number. */
  public record Received(String topic, int partition, long offset, int seq) {
    public TopicPartition topicPartition() {
      return new TopicPartition(topic, partition);
    }
  }

  /** A status and the body as text. */
  public record Answer(int status, String body) {}

  /** A GET records answer: its status and, when it is 200, the records. */
  public record Fetched(int status, List<Received> records, String body) {}

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private final URI base;

  public ConsumerClient(String baseUri) {
    this.base = URI.create(baseUri);
  }

  public URI base() {
    return base;
  }

  /** Creates an instance with these create-request fields; answers its path. Fails unless 200. */
  public String create(String group, Map<String, String> fields) {
    Answer answer = send("POST", "/consumers/" + group, "", null, Json.of(fields));
    String baseUri = require(200, answer).path("base_uri").asText();
    return baseUri.substring(baseUri.indexOf("/consumers/"));
  }

  /** Subscribes the instance; fails unless 204. */
  public void subscribe(String path, String... topics) {
    require(
        204,
        send("POST", path + "/subscription", "", null, Json.of(Map.of("topics", List.of(topics)))));
  }

  /** The partitions the instance holds now; fails unless 200. */
  public Set<TopicPartition> assignment(String path) {
    JsonNode answer = require(200, send("GET", path + "/assignments", "", V2, null));
    Set<TopicPartition> partitions = new HashSet<>();
    for (JsonNode p : answer.path("partitions")) {
      partitions.add(new TopicPartition(p.path("topic").asText(), p.path("partition").asInt()));
    }
    return partitions;
  }

  /** Waits until the group gave the instance partitions. */
  public void awaitAssignment(String path, Duration atMost) {
    await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> !assignment(path).isEmpty());
  }

  /** One GET records with this query (without the {@code ?}). */
  public Fetched fetch(String path, String query) {
    Answer answer = send("GET", path + "/records", query, TEXT, null);
    if (answer.status() != 200) {
      return new Fetched(answer.status(), List.of(), answer.body());
    }
    return new Fetched(200, records(answer.body()), answer.body());
  }

  /** The records of a GET records answer in the text format. */
  public static List<Received> records(String body) {
    List<Received> records = new ArrayList<>();
    for (JsonNode r : parse(body)) {
      records.add(
          new Received(
              r.path("topic").asText(),
              r.path("partition").asInt(),
              r.path("offset").asLong(),
              Integer.parseInt(r.path("value").asText())));
    }
    return records;
  }

  /** Commits with a body naming, per partition, the last of these records. */
  public Answer commit(String path, List<Received> records) {
    Map<TopicPartition, Received> last = new LinkedHashMap<>();
    for (Received record : records) {
      last.merge(record.topicPartition(), record, (a, b) -> a.offset() >= b.offset() ? a : b);
    }
    List<Map<String, Object>> offsets = new ArrayList<>();
    for (Received record : last.values()) {
      offsets.add(
          Map.of(
              "topic", record.topic(), "partition", record.partition(), "offset", record.offset()));
    }
    return send("POST", path + "/offsets", "", V2, Json.of(Map.of("offsets", offsets)));
  }

  /** Commits without a body: what the gateway delivered to this instance's clients. */
  public Answer commitDelivered(String path) {
    return send("POST", path + "/offsets", "", V2, null);
  }

  /** Deletes the instance; fails unless 204. */
  public void delete(String path) {
    require(204, send("DELETE", path, "", null, null));
  }

  /** The status of {@code GET /health/ready}: 200 while Kafka answers the gateway, else 503. */
  public int readiness() {
    return send("GET", "/health/ready", "", null, null).status();
  }

  /** The gateway's Prometheus scrape. */
  public String metrics() {
    return require200Text(send("GET", "/metrics", "", null, null));
  }

  private static String require200Text(Answer answer) {
    if (answer.status() != 200) {
      throw new AssertionError("Expected 200, got " + answer.status() + ": " + answer.body());
    }
    return answer.body();
  }

  private static JsonNode require(int status, Answer answer) {
    if (answer.status() != status) {
      throw new AssertionError(
          "Expected " + status + ", got " + answer.status() + ": " + answer.body());
    }
    return answer.body().isEmpty() ? MAPPER.createObjectNode() : parse(answer.body());
  }

  private static JsonNode parse(String body) {
    try {
      return MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new AssertionError("Not JSON: " + body, e);
    }
  }

  private Answer send(String method, String path, String query, String accept, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path + (query.isEmpty() ? "" : "?" + query)))
            .timeout(REQUEST_TIMEOUT)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", V2);
    }
    if (accept != null) {
      request.header("Accept", accept);
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted during " + method + " " + path, e);
    }
    Answer answer = new Answer(response.statusCode(), response.body());
    validate(method, path, query, accept, body, response);
    return answer;
  }

  /** Holds the exchange to the contract, as {@link Contract#validating()} does for REST-assured. */
  private static void validate(
      String method,
      String path,
      String query,
      String accept,
      String body,
      HttpResponse<String> response) {
    SimpleRequest.Builder request = new SimpleRequest.Builder(method, path);
    if (!query.isEmpty()) {
      for (String pair : query.split("&")) {
        String[] parts = pair.split("=", 2);
        request.withQueryParam(parts[0], parts.length > 1 ? parts[1] : "");
      }
    }
    if (accept != null) {
      request.withAccept(accept);
    }
    if (body != null) {
      request.withContentType(V2).withBody(body);
    }
    SimpleResponse.Builder answer = SimpleResponse.Builder.status(response.statusCode());
    response.headers().firstValue("Content-Type").ifPresent(answer::withContentType);
    if (!response.body().isEmpty()) {
      answer.withBody(response.body());
    }
    ValidationReport report = Contract.validator().validate(request.build(), answer.build());
    if (report.hasErrors()) {
      throw new AssertionError(
          method
              + " "
              + path
              + " answered "
              + response.statusCode()
              + " outside the contract: "
              + report.getMessages());
    }
  }
}
