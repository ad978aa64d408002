package io.sluice.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;

import io.sluice.support.Names;
import io.sluice.support.TestGateway;
import io.sluice.support.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The consumer session of the Confluent REST Proxy documentation's curl quickstart, request for
 * request, with the status codes and bodies of DESIGN.md §1.1: an existing script works unchanged.
 */
class ConfluentQuickstartIT {
  private static final String BINARY = "application/vnd.kafka.binary.v2+json";
  private static final String JSON = "application/vnd.kafka.json.v2+json";
  private static final TestGateway gateway = TestGateway.shared();

  @Test
  void binaryConsumerSessionRunsAsInTheQuickstart() {
    String topic = TestKafka.createTopic("binarytest", 1);
    TestKafka.produce(
        List.of(new ProducerRecord<>(topic, null, "Kafka".getBytes(StandardCharsets.UTF_8))));
    String group = Names.unique("my_binary_consumer");

    String baseUri = createAndSubscribe(group, "binary", topic);
    Map<String, Object> record = firstRecord(baseUri, BINARY);

    assertThat(record)
        .containsOnlyKeys("topic", "key", "value", "partition", "offset", "timestamp")
        .containsEntry("topic", topic)
        .containsEntry("key", null)
        .containsEntry("value", "S2Fma2E=")
        .containsEntry("partition", 0)
        .containsEntry("offset", 0);
    commitReadBackAndDelete(baseUri, topic);
  }

  @Test
  void jsonConsumerSessionRunsAsInTheQuickstart() {
    String topic = TestKafka.createTopic("jsontest", 1);
    TestKafka.produce(
        List.of(
            new ProducerRecord<>(
                topic, null, "{\"foo\":\"bar\"}".getBytes(StandardCharsets.UTF_8))));
    String group = Names.unique("my_json_consumer");

    String baseUri = createAndSubscribe(group, "json", topic);
    Map<String, Object> record = firstRecord(baseUri, JSON);

    assertThat(record)
        .containsOnlyKeys("topic", "key", "value", "partition", "offset", "timestamp")
        .containsEntry("topic", topic)
        .containsEntry("key", null)
        .containsEntry("value", Map.of("foo", "bar"))
        .containsEntry("partition", 0)
        .containsEntry("offset", 0);
    commitReadBackAndDelete(baseUri, topic);
  }

  /** Creates {@code my_consumer_instance} and subscribes it; answers its base_uri. */
  private static String createAndSubscribe(String group, String format, String topic) {
    String baseUri =
        gateway
            .given()
            .contentType(TestGateway.V2)
            .body(
                "{\"name\": \"my_consumer_instance\", \"format\": \""
                    + format
                    + "\", \"auto.offset.reset\": \"earliest\"}")
            .post("/consumers/" + group)
            .then()
            .statusCode(200)
            .contentType(TestGateway.V2)
            .body("instance_id", equalTo("my_consumer_instance"))
            .body(
                "base_uri",
                equalTo(
                    gateway.baseUri() + "/consumers/" + group + "/instances/my_consumer_instance"))
            .extract()
            .path("base_uri");

    gateway
        .given()
        .contentType(TestGateway.V2)
        .body("{\"topics\":[\"" + topic + "\"]}")
        .post(baseUri + "/subscription")
        .then()
        .statusCode(204)
        .body(emptyString());
    gateway
        .given()
        .get(baseUri + "/subscription")
        .then()
        .statusCode(200)
        .contentType(TestGateway.V2)
        .body("", equalTo(Map.of("topics", List.of(topic))));
    return baseUri;
  }

  /** GET records as the quickstart does, repeated until the group has assigned the partition. */
  private static Map<String, Object> firstRecord(String baseUri, String accept) {
    List<Map<String, Object>> records =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    gateway
                        .given()
                        .accept(accept)
                        .get(baseUri + "/records")
                        .then()
                        .statusCode(200)
                        .contentType(accept)
                        .extract()
                        .jsonPath()
                        .<Map<String, Object>>getList("$"),
                answer -> !answer.isEmpty());
    assertThat(records).hasSize(1);
    return records.get(0);
  }

  private static void commitReadBackAndDelete(String baseUri, String topic) {
    gateway
        .given()
        .contentType(TestGateway.V2)
        .body("{\"offsets\":[{\"topic\":\"" + topic + "\",\"partition\":0,\"offset\":0}]}")
        .post(baseUri + "/offsets")
        .then()
        .statusCode(200)
        .contentType(TestGateway.V2)
        .body(
            "",
            equalTo(
                List.of(Map.of("topic", topic, "partition", 0, "consumed", 0, "committed", 1))));

    gateway
        .given()
        .contentType(TestGateway.V2)
        .accept(TestGateway.V2)
        .body("{\"partitions\":[{\"topic\":\"" + topic + "\",\"partition\":0}]}")
        .get(baseUri + "/offsets")
        .then()
        .statusCode(200)
        .contentType(TestGateway.V2)
        .body(
            "",
            equalTo(
                Map.of(
                    "offsets",
                    List.of(Map.of("topic", topic, "partition", 0, "offset", 1, "metadata", "")))));

    gateway
        .given()
        .contentType(TestGateway.V2)
        .delete(baseUri)
        .then()
        .statusCode(204)
        .body(emptyString());
    gateway
        .given()
        .get(baseUri + "/subscription")
        .then()
        .statusCode(404)
        .body("error_code", equalTo(40403));
  }
}
