package io.sluice.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.path.json.JsonPath;
import io.sluice.embedded.EmbeddedKafka;
import io.sluice.support.Names;
import io.sluice.support.TestBroker;
import io.sluice.support.TestGateway;
import io.sluice.support.TestKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/** Producing through the gateway, read back with a plain KafkaConsumer (and the other way). */
class ProduceIT {
  private static final String JSON = "application/vnd.kafka.json.v2+json";
  private static final String BINARY = "application/vnd.kafka.binary.v2+json";
  private static final String TEXT = "application/vnd.kafka.text.v2+json";
  private static final TestGateway gateway = TestGateway.shared();

  private static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String utf8(byte[] data) {
    return data == null ? null : new String(data, StandardCharsets.UTF_8);
  }

  /** Every record of the topic, read from the beginning by a plain consumer. */
  private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int count) {
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, Names.unique("reader"),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= count;
              });
    }
    return records;
  }

  private static JsonPath produce(String path, String contentType, String body) {
    return gateway
        .given()
        .contentType(contentType)
        .body(body)
        .post(path)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  @Test
  void jsonRecordsArriveAsJsonWithTheirHeadersAndTimestamps() {
    String topic = TestKafka.createTopic("json-produce", 1);

    JsonPath answer =
        produce(
            "/topics/" + topic,
            JSON,
            "{\"records\":[{\"key\":\"user-1\",\"value\":{\"event\":\"login\"},"
                + "\"headers\":[{\"key\":\"trace\",\"value\":\""
                + b64("abc")
                + "\"}],\"timestamp\":1700000000000},{\"value\":[1,2]}]}");

    assertThat(answer.getList("offsets.offset", Integer.class)).containsExactly(0, 1);
    assertThat(answer.getString("value_schema_id")).isNull();
    List<ConsumerRecord<byte[], byte[]>> read = readAll(topic, 2);
    assertThat(utf8(read.get(0).key())).isEqualTo("\"user-1\"");
    assertThat(utf8(read.get(0).value())).isEqualTo("{\"event\":\"login\"}");
    assertThat(read.get(0).timestamp()).isEqualTo(1700000000000L);
    assertThat(utf8(read.get(0).headers().lastHeader("trace").value())).isEqualTo("abc");
    assertThat(read.get(1).key()).isNull();
    assertThat(utf8(read.get(1).value())).isEqualTo("[1,2]");
  }

  @Test
  void binaryAndTextRecordsArriveAsTheirBytes() {
    String topic = TestKafka.createTopic("bytes-produce", 1);

    produce(
        "/topics/" + topic,
        BINARY,
        "{\"records\":[{\"key\":\"" + b64("k") + "\",\"value\":\"" + b64("\u0000\u00ff") + "\"}]}");
    produce("/topics/" + topic + "/partitions/0", TEXT, "{\"records\":[{\"value\":\"hello\"}]}");

    List<ConsumerRecord<byte[], byte[]>> read = readAll(topic, 2);
    assertThat(utf8(read.get(0).key())).isEqualTo("k");
    assertThat(read.get(0).value()).isEqualTo("\u0000\u00ff".getBytes(StandardCharsets.UTF_8));
    assertThat(utf8(read.get(1).value())).isEqualTo("hello");
  }

  @Test
  void recordsProducedThroughTheGatewayAreConsumedThroughItInTheSameFormat() {
    String topic = TestKafka.createTopic("round-trip", 2);
    produce(
        "/topics/" + topic,
        JSON,
        "{\"records\":[{\"key\":{\"id\":7},\"value\":{\"n\":1}},{\"key\":{\"id\":8},\"value\":{\"n\":2}}]}");
    String path =
        gateway.createInstance(
            Names.unique("group"), "{\"format\":\"json\",\"auto.offset.reset\":\"earliest\"}");
    gateway.subscribe(path, topic);

    List<Map<String, Object>> records = gateway.fetchAll(path, JSON, 2);

    assertThat(records)
        .extracting(r -> r.get("value"))
        .containsExactlyInAnyOrder(Map.of("n", 1), Map.of("n", 2));
  }

  @Test
  void keysLandOnThePartitionsAJavaProducerPicks() throws Exception {
    String viaGateway = TestKafka.createTopic("keyed-gateway", 6);
    String viaJava = TestKafka.createTopic("keyed-java", 6);
    List<String> keys = IntStream.range(0, 30).mapToObj(i -> "user-" + i).toList();
    StringBuilder body = new StringBuilder("{\"records\":[");
    for (int i = 0; i < keys.size(); i++) {
      body.append(i == 0 ? "" : ",")
          .append("{\"key\":\"")
          .append(b64(keys.get(i)))
          .append("\",\"value\":\"")
          .append(b64("v"))
          .append("\"}");
    }
    body.append("]}");

    List<Integer> gatewayPartitions =
        produce("/topics/" + viaGateway, BINARY, body.toString())
            .getList("offsets.partition", Integer.class);
    List<Integer> javaPartitions = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer = TestKafka.producer()) {
      for (String key : keys) {
        RecordMetadata metadata =
            producer
                .send(
                    new ProducerRecord<>(
                        viaJava,
                        key.getBytes(StandardCharsets.UTF_8),
                        "v".getBytes(StandardCharsets.UTF_8)))
                .get();
        javaPartitions.add(metadata.partition());
      }
    }

    assertThat(gatewayPartitions).isEqualTo(javaPartitions);
    assertThat(javaPartitions.stream().distinct().count()).isGreaterThan(1);
  }

  @Test
  void tenThousandRecordsInOneRequestAreAllStoredInOrder() {
    String topic = TestKafka.createTopic("bulk", 1);
    StringBuilder body = new StringBuilder("{\"records\":[");
    for (int i = 0; i < 10_000; i++) {
      body.append(i == 0 ? "" : ",").append("{\"value\":\"r").append(i).append("\"}");
    }
    body.append("]}");

    List<Long> offsets =
        produce("/topics/" + topic, TEXT, body.toString()).getList("offsets.offset", Long.class);

    assertThat(offsets).hasSize(10_000).isSorted().doesNotHaveDuplicates();
    assertThat(offsets.get(9_999)).isEqualTo(9_999);
    JsonPath partition =
        gateway.given().get("/topics/" + topic + "/partitions/0").then().extract().jsonPath();
    assertThat(partition.getLong("end_offset")).isEqualTo(10_000);
  }

  @Test
  void unknownTopicAndPartitionAre404AndNothingIsCreated() {
    String missing = Names.unique("missing");
    String topic = TestKafka.createTopic("two", 2);

    gateway
        .given()
        .contentType(JSON)
        .body("{\"records\":[{\"value\":1}]}")
        .post("/topics/" + missing)
        .then()
        .statusCode(404)
        .body("error_code", equalTo(40401));
    gateway
        .given()
        .contentType(JSON)
        .body("{\"records\":[{\"value\":1}]}")
        .post("/topics/" + topic + "/partitions/2")
        .then()
        .statusCode(404)
        .body("error_code", equalTo(40402));
    gateway
        .given()
        .contentType(JSON)
        .body("{\"records\":[{\"value\":1,\"partition\":5}]}")
        .post("/topics/" + topic)
        .then()
        .statusCode(404)
        .body("error_code", equalTo(40402));

    assertThat(gateway.given().get("/topics").then().extract().jsonPath().getList("$"))
        .doesNotContain(missing);
  }

  @Test
  void aRecordInvalidForTheFormatIs422NamingItAndNothingIsSent() {
    String topic = TestKafka.createTopic("invalid", 1);

    gateway
        .givenBadRequest()
        .contentType(BINARY)
        .body("{\"records\":[{\"value\":\"" + b64("fine") + "\"},{\"value\":\"!!not base64\"}]}")
        .post("/topics/" + topic)
        .then()
        .statusCode(422)
        .body("error_code", equalTo(422))
        .body("message", containsString("records[1]"));
    gateway
        .givenBadRequest()
        .contentType(TEXT)
        .body("{\"records\":[{\"value\":{\"not\":\"text\"}}]}")
        .post("/topics/" + topic)
        .then()
        .statusCode(422)
        .body("message", containsString("records[0]"));

    JsonPath partition =
        gateway.given().get("/topics/" + topic + "/partitions/0").then().extract().jsonPath();
    assertThat(partition.getLong("end_offset")).isZero();
  }

  @Test
  void aBodyOverTheLimitIs413() {
    try (TestGateway small = TestGateway.start(Map.of("http.request.max.bytes", "1024"))) {
      String topic = TestKafka.createTopic("large", 1);

      small
          .given()
          .contentType(TEXT)
          .body("{\"records\":[{\"value\":\"" + "x".repeat(2000) + "\"}]}")
          .post("/topics/" + topic)
          .then()
          .statusCode(413)
          .body("error_code", equalTo(413));
    }
  }

  @Test
  void aBrokerThatDoesNotAnswerIs503AndProducedRecordsAreCounted() throws Exception {
    EmbeddedKafka broker = EmbeddedKafka.start(0, Files.createTempDirectory("sluice-produce-"));
    try (TestGateway gateway =
        TestGateway.start(
            Map.of(
                "kafka.bootstrap.servers",
                broker.bootstrapServers(),
                "producer.request.timeout.ms",
                "3000"))) {
      String topic = "outage-" + Names.unique("t");
      try (Admin admin =
          Admin.create(
              Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
      }
      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .until(
              () ->
                  gateway
                          .given()
                          .contentType(TEXT)
                          .body("{\"records\":[{\"value\":\"before\"}]}")
                          .post("/topics/" + topic)
                          .statusCode()
                      == 200);
      assertThat(gateway.given().get("/metrics").asString())
          .contains("sluice_records_produced_total");

      broker.close();

      gateway
          .given()
          .contentType(TEXT)
          .body("{\"records\":[{\"value\":\"during\"}]}")
          .post("/topics/" + topic)
          .then()
          .statusCode(503)
          .body("error_code", equalTo(50302));
    } finally {
      broker.close();
    }
  }
}
