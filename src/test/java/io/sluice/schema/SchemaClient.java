package io.sluice.schema;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.sluice.support.Json;
import io.sluice.support.Names;
import io.sluice.support.TestGateway;
import io.sluice.support.TestKafka;
import io.sluice.support.TestRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * What the schema ITs ask of a gateway, its registry and the broker. Every request to the gateway
 * made here is one the spec allows, so it and its answer are held to {@code openapi/sluice.yaml}
 * ({@link TestGateway#given}), refusals included; tests that send a request wrong on purpose use
 * {@link TestGateway#givenBadRequest} themselves.
 */
final class SchemaClient {
  static final String AVRO = "application/vnd.kafka.avro.v2+json";
  static final String JSONSCHEMA = "application/vnd.kafka.jsonschema.v2+json";
  static final String PROTOBUF = "application/vnd.kafka.protobuf.v2+json";
  static final Duration WAIT = Duration.ofSeconds(30);

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private static SchemaClient shared;

  private final TestGateway gateway;

  SchemaClient(TestGateway gateway) {
    this.gateway = gateway;
  }

  /**
   * A client of one gateway with the tests' registry, for every schema IT that needs nothing
   * special; the gateway stops with the JVM. Tests stay apart through unique topic and group names.
   */
  static synchronized SchemaClient shared() {
    if (shared == null) {
      TestGateway gateway = TestGateway.start(Map.of("schema.registry.url", TestRegistry.url()));
      Runtime.getRuntime().addShutdownHook(new Thread(gateway::close));
      shared = new SchemaClient(gateway);
    }
    return shared;
  }

  TestGateway gateway() {
    return gateway;
  }

  /** A request to the gateway; it and its answer must match the spec. */
  RequestSpecification request() {
    return gateway.given();
  }

  /** Produces through the gateway and answers its 200 answer. */
  JsonNode produce(String topic, String mediaType, String body) {
    return produceAt("/topics/" + topic, mediaType, body);
  }

  /** As {@link #produce}, to one partition of the topic. */
  JsonNode produce(String topic, int partition, String mediaType, String body) {
    return produceAt("/topics/" + topic + "/partitions/" + partition, mediaType, body);
  }

  private JsonNode produceAt(String path, String mediaType, String body) {
    Response answer = request().contentType(mediaType).body(body).post(path);
    if (answer.statusCode() != 200) {
      throw new AssertionError("Produce answered " + answer.statusCode() + " " + answer.asString());
    }
    return tree(answer.asString());
  }

  /** Creates an instance from these fields plus {@code auto.offset.reset: earliest}. */
  String instance(String group, Map<String, String> fields) {
    ObjectNode body = MAPPER.valueToTree(fields);
    body.put("auto.offset.reset", "earliest");
    String baseUri =
        request()
            .body(body.toString())
            .post("/consumers/" + group)
            .then()
            .statusCode(200)
            .extract()
            .path("base_uri");
    return baseUri.substring(baseUri.indexOf("/consumers/"));
  }

  /** Assigns partition 0 of the topic to the instance. */
  void assign(String path, String topic) {
    gateway
        .given()
        .body(Json.of(Map.of("partitions", List.of(Map.of("topic", topic, "partition", 0)))))
        .post(path + "/assignments")
        .then()
        .statusCode(204);
  }

  void seek(String path, String topic, long offset) {
    gateway
        .given()
        .body(
            Json.of(
                Map.of(
                    "offsets", List.of(Map.of("topic", topic, "partition", 0, "offset", offset)))))
        .post(path + "/positions")
        .then()
        .statusCode(204);
  }

  /** One fetch, whatever it answers. */
  Response fetch(String path, String accept) {
    return request().accept(accept).get(path + "/records?timeout=500").thenReturn();
  }

  /** One fetch that is refused; its refusal must be one the spec declares. */
  Response refusedFetch(String path, String accept) {
    Response answer = fetch(path, accept);
    if (answer.statusCode() == 200) {
      throw new AssertionError("Fetch answered 200 " + answer.asString());
    }
    return answer;
  }

  /** Fetches until {@code count} records arrived; answers them in order, as JSON trees. */
  List<JsonNode> fetchAll(String path, String accept, int count) {
    return collect(path, accept, count, false);
  }

  /** As {@link #fetchAll}, taking 503 answers (the registry is not back yet) as no records yet. */
  List<JsonNode> fetchAllOnceAvailable(String path, String accept, int count) {
    return collect(path, accept, count, true);
  }

  private List<JsonNode> collect(String path, String accept, int count, boolean through503) {
    List<JsonNode> received = new ArrayList<>();
    await()
        .atMost(WAIT)
        .until(
            () -> {
              Response answer = fetch(path, accept);
              if (through503 && answer.statusCode() == 503) {
                return false;
              }
              if (answer.statusCode() != 200) {
                throw new AssertionError(
                    "Fetch answered " + answer.statusCode() + " " + answer.asString());
              }
              tree(answer.asString()).forEach(received::add);
              return received.size() >= count;
            });
    return received;
  }

  /**
   * Fetches until one is refused, then once more (a refusal stays until something changes) and
   * answers that one. Fetches before the refusal may deliver nothing.
   */
  Response fetchUntilRefused(String path, String accept) {
    await()
        .atMost(WAIT)
        .until(
            () -> {
              Response answer = fetch(path, accept);
              if (answer.statusCode() == 200 && !tree(answer.asString()).isEmpty()) {
                throw new AssertionError("Records before the refusal: " + answer.asString());
              }
              return answer.statusCode() != 200;
            });
    return refusedFetch(path, accept);
  }

  /**
   * A produce body: these schema fields, and records with the keys (none when null) and values
   * given as JSON text.
   */
  static String body(Map<String, Object> schemas, List<String> keys, List<String> values) {
    ObjectNode body = MAPPER.valueToTree(schemas);
    ArrayNode records = body.putArray("records");
    for (int i = 0; i < values.size(); i++) {
      ObjectNode record = records.addObject();
      if (keys != null) {
        record.set("key", tree(keys.get(i)));
      }
      record.set("value", tree(values.get(i)));
    }
    return body.toString();
  }

  static JsonNode tree(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The values of the records, in order. */
  static List<JsonNode> values(List<JsonNode> records) {
    return records.stream().map(record -> record.get("value")).toList();
  }

  static List<Long> offsets(List<JsonNode> records) {
    return records.stream().map(record -> record.get("offset").longValue()).toList();
  }

  /**
   * Registers a schema with the registry itself, bypassing every gateway, and answers its id.
   *
   * @param type {@code AVRO}, {@code JSON} or {@code PROTOBUF}
   */
  static int register(String subject, String type, String schema) {
    ObjectNode body = MAPPER.createObjectNode().put("schema", schema).put("schemaType", type);
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    TestRegistry.url()
                        + "/subjects/"
                        + URLEncoder.encode(subject, StandardCharsets.UTF_8)
                        + "/versions"))
            .header("Content-Type", "application/vnd.schemaregistry.v1+json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build();
    try {
      HttpResponse<String> answer = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() != 200) {
        throw new AssertionError(
            "The registry answered " + answer.statusCode() + " " + answer.body());
      }
      return tree(answer.body()).get("id").intValue();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The Avro binary of a datum given in Avro's JSON encoding, made by Avro alone. */
  static byte[] avro(String schema, String datum) {
    Schema parsed = new Schema.Parser().parse(schema);
    try {
      Object value =
          new GenericDatumReader<>(parsed)
              .read(null, DecoderFactory.get().jsonDecoder(parsed, datum));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
      new GenericDatumWriter<>(parsed).write(value, encoder);
      encoder.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An Avro name made unique per test, so the registry gives its schema an id of its own. */
  static String uniqueName(String prefix) {
    return Names.unique(prefix).replaceAll("[^A-Za-z0-9_]", "_");
  }

  /** The end offset of partition 0. */
  static long endOffset(String topic) {
    TopicPartition partition = new TopicPartition(topic, 0);
    try (Admin admin = TestKafka.admin()) {
      return admin
          .listOffsets(Map.of(partition, OffsetSpec.latest()))
          .partitionResult(partition)
          .get()
          .offset();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }
}
