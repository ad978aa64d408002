package io.sluice.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.sluice.support.Names;
import io.sluice.support.TestGateway;
import io.sluice.support.TestKafka;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

class RecordsFormatIT {
  private static final String BINARY = "application/vnd.kafka.binary.v2+json";
  private static final String JSON = "application/vnd.kafka.json.v2+json";
  private static final String TEXT = "application/vnd.kafka.text.v2+json";
  private static final TestGateway gateway = TestGateway.shared();

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private String subscribedInstance(String format, String topic) {
    String path =
        gateway.createInstance(
            Names.unique("group"),
            "{\"format\":\"" + format + "\",\"auto.offset.reset\":\"earliest\"}");
    gateway.subscribe(path, topic);
    return path;
  }

  @Test
  void binaryRendersBase64KeysValuesAndHeaders() {
    String topic = TestKafka.createTopic("binary", 1);
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(topic, 0, 1700000000000L, new byte[] {0, 1, 2}, new byte[] {-1, 65});
    record.headers().add(new RecordHeader("trace", utf8("abc")));
    TestKafka.produce(List.of(record));
    String path = subscribedInstance("binary", topic);

    List<Map<String, Object>> records = gateway.fetchAll(path, BINARY, 1);

    Map<String, Object> r = records.get(0);
    assertThat(r)
        .containsEntry("topic", topic)
        .containsEntry("key", Base64.getEncoder().encodeToString(new byte[] {0, 1, 2}))
        .containsEntry("value", Base64.getEncoder().encodeToString(new byte[] {-1, 65}))
        .containsEntry("partition", 0)
        .containsEntry("offset", 0)
        .containsEntry("timestamp", 1700000000000L);
    assertThat(r.get("headers"))
        .isEqualTo(
            List.of(
                Map.of("key", "trace", "value", Base64.getEncoder().encodeToString(utf8("abc")))));
  }

  @Test
  void jsonEmbedsDocumentsAndNullsAndOmitsAbsentHeaders() {
    String topic = TestKafka.createTopic("json", 1);
    TestKafka.produce(
        List.of(
            new ProducerRecord<>(
                topic, utf8("{\"id\":7}"), utf8("{\"name\":\"ada\",\"tags\":[1,2]}")),
            new ProducerRecord<>(topic, null, utf8("\"just a string\"")),
            new ProducerRecord<>(topic, utf8("42"), null)));
    String path = subscribedInstance("json", topic);

    List<Map<String, Object>> records = gateway.fetchAll(path, JSON, 3);

    assertThat(records.get(0).get("key")).isEqualTo(Map.of("id", 7));
    assertThat(records.get(0).get("value")).isEqualTo(Map.of("name", "ada", "tags", List.of(1, 2)));
    assertThat(records.get(0)).doesNotContainKey("headers");
    assertThat(records.get(1)).containsEntry("key", null).containsEntry("value", "just a string");
    assertThat(records.get(2)).containsEntry("key", 42).containsEntry("value", null);
  }

  @Test
  void textRendersUtf8Strings() {
    String topic = TestKafka.createTopic("text", 1);
    TestKafka.produce(List.of(new ProducerRecord<>(topic, utf8("clé"), utf8("héllo wörld ✓"))));
    String path = subscribedInstance("text", topic);

    List<Map<String, Object>> records = gateway.fetchAll(path, TEXT, 1);

    assertThat(records.get(0)).containsEntry("key", "clé").containsEntry("value", "héllo wörld ✓");
  }

  @Test
  void stringIsAnAliasOfText() {
    String topic = TestKafka.createTopic("string", 1);
    TestKafka.produce(List.of(new ProducerRecord<>(topic, null, utf8("plain"))));
    String path = subscribedInstance("string", topic);

    List<Map<String, Object>> records = gateway.fetchAll(path, TEXT, 1);

    assertThat(records.get(0)).containsEntry("value", "plain");
  }

  @Test
  void acceptWithWildcardsAndQualitiesPicksTheInstanceFormat() {
    String topic = TestKafka.createTopic("accept", 1);
    TestKafka.produce(List.of(new ProducerRecord<>(topic, null, utf8("\"v\""))));
    String path = subscribedInstance("json", topic);

    List<Map<String, Object>> records =
        gateway.fetchAll(path, "application/vnd.kafka.binary.v2+json;q=0, */*;q=0.5", 1);

    assertThat(records.get(0)).containsEntry("value", "v");
    gateway
        .given()
        .accept("application/vnd.kafka.v2+json")
        .get(path + "/records?timeout=0")
        .then()
        .statusCode(200)
        .contentType(JSON);
  }

  @Test
  void fetchWithOtherFormatInAcceptIs406() {
    String topic = TestKafka.createTopic("mismatch", 1);
    String path = subscribedInstance("binary", topic);

    gateway
        .given()
        .accept(JSON)
        .get(path + "/records")
        .then()
        .statusCode(406)
        .contentType(TestGateway.V2)
        .body("error_code", equalTo(40601));
  }

  @Test
  void recordThatIsNotJsonIs42207NamingItsPositionAndIsNotSkipped() {
    String topic = TestKafka.createTopic("badjson", 1);
    TestKafka.produce(
        List.of(
            new ProducerRecord<>(topic, null, utf8("{\"ok\":1}")),
            new ProducerRecord<>(topic, null, utf8("{not json"))));
    String path = subscribedInstance("json", topic);
    List<Map<String, Object>> good = gateway.fetchAll(path, JSON, 1);
    assertThat(good).hasSize(1);

    for (int attempt = 0; attempt < 2; attempt++) {
      gateway
          .given()
          .accept(JSON)
          .get(path + "/records?timeout=5000")
          .then()
          .statusCode(422)
          .body("error_code", equalTo(42207))
          .body("message", containsString("topic " + topic + ", partition 0, offset 1"));
    }
  }

  @Test
  void maxBytesLimitsTheAnswerButTheFirstRecordAlwaysComes() {
    String topic = TestKafka.createTopic("maxbytes", 1);
    TestKafka.produce(
        List.of(
            new ProducerRecord<>(topic, null, new byte[100]),
            new ProducerRecord<>(topic, null, new byte[100])));
    String path = subscribedInstance("binary", topic);

    List<Map<String, Object>> first =
        await()
            .until(
                () -> gateway.fetch(path, BINARY, "?timeout=500&max_bytes=10"), r -> !r.isEmpty());

    assertThat(first).hasSize(1);
    assertThat(first.get(0)).containsEntry("offset", 0);
    assertThat(gateway.fetch(path, BINARY, "?timeout=2000&max_bytes=10"))
        .extracting(r -> r.get("offset"))
        .containsExactly(1);
  }
}
