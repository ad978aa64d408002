package io.sluice.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.response.Response;
import io.sluice.support.Names;
import io.sluice.support.TestGateway;
import io.sluice.support.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** Kafka errors a client's own settings or positions cause are 4xx that say what to do. */
class ClientMistakesIT {
  private static final String TEXT = "application/vnd.kafka.text.v2+json";
  private static final TestGateway gateway = TestGateway.shared();

  private static Response fetch(String path) {
    return gateway.given().accept(TEXT).get(path + "/records?timeout=500");
  }

  @Test
  void sessionTimeoutTheBrokerRefusesIs42204AndTheInstanceSaysWhy() {
    String topic = TestKafka.createTopic("refused", 1);
    // The broker's group.max.session.timeout.ms is 30 minutes; the client alone accepts an hour.
    String path =
        gateway.createInstance(
            Names.unique("group"), "{\"format\":\"text\",\"session.timeout.ms\":\"3600000\"}");
    gateway.subscribe(path, topic);

    Response refused =
        await().atMost(Duration.ofSeconds(30)).until(() -> fetch(path), r -> r.statusCode() != 200);

    assertThat(refused.statusCode()).isEqualTo(422);
    assertThat(refused.jsonPath().getInt("error_code")).isEqualTo(42204);
    assertThat(refused.jsonPath().getString("message")).contains("session.timeout.ms");
    gateway
        .given()
        .get(path)
        .then()
        .statusCode(200)
        .body("state", equalTo("failed"))
        .body("problem", containsString("session"));
  }

  @Test
  void noCommittedOffsetWithResetNoneIs40903UntilTheClientSeeks() {
    String topic = TestKafka.createTopic("none", 1);
    TestKafka.produce(
        List.of(new ProducerRecord<>(topic, 0, null, "first".getBytes(StandardCharsets.UTF_8))));
    String path =
        gateway.createInstance(
            Names.unique("group"), "{\"format\":\"text\",\"auto.offset.reset\":\"none\"}");
    gateway.subscribe(path, topic);

    Response stuck =
        await().atMost(Duration.ofSeconds(30)).until(() -> fetch(path), r -> r.statusCode() != 200);
    assertThat(stuck.statusCode()).isEqualTo(409);
    assertThat(stuck.jsonPath().getInt("error_code")).isEqualTo(40903);
    assertThat(stuck.jsonPath().getString("message")).contains("positions/beginning");

    gateway
        .given()
        .body(Map.of("partitions", List.of(Map.of("topic", topic, "partition", 0))))
        .post(path + "/positions/beginning")
        .then()
        .statusCode(204);
    assertThat(gateway.fetchAll(path, TEXT, 1).get(0)).containsEntry("value", "first");
  }
}
