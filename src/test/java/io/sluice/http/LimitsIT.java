package io.sluice.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.sluice.support.Json;
import io.sluice.support.Names;
import io.sluice.support.TestGateway;
import io.sluice.support.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** What a gateway bounds, and how it says so: instances, body sizes, idle time, topics. */
class LimitsIT {
  private static final String TEXT = "application/vnd.kafka.text.v2+json";
  private static final TestGateway gateway = TestGateway.shared();

  @Test
  void createBeyondMaxInstancesIs42901() {
    try (TestGateway small = TestGateway.start(Map.of("consumer.max.instances", "2"))) {
      String group = Names.unique("group");
      small.createInstance(group, "{}");
      small.createInstance(group, "{}");

      small
          .given()
          .body("{}")
          .post("/consumers/" + group)
          .then()
          .statusCode(429)
          .contentType(TestGateway.V2)
          .body("error_code", equalTo(42901))
          .body("message", containsString("consumer.max.instances"));
    }
  }

  @Test
  void createBodyOverTheRequestLimitIs413() {
    try (TestGateway small = TestGateway.start(Map.of("http.request.max.bytes", "1024"))) {
      String body = Json.of(Map.of("name", "big", "client.id", "c".repeat(1100)));
      assertThat(body.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(1024);

      small
          .given()
          .body(body)
          .post("/consumers/" + Names.unique("group"))
          .then()
          .statusCode(413)
          .contentType(TestGateway.V2)
          .body("error_code", equalTo(413))
          .body("message", containsString("1024"))
          .body("message", containsString("http.request.max.bytes"));
    }
  }

  @Test
  void subscribeBodyOverTheRequestLimitIs413AndSubscribesNothing() {
    try (TestGateway small = TestGateway.start(Map.of("http.request.max.bytes", "1024"))) {
      String path = small.createInstance(Names.unique("group"), "{}");
      List<String> topics =
          IntStream.range(0, 60).mapToObj(i -> "topic-that-is-not-short-" + i).toList();
      String body = Json.of(Map.of("topics", topics));
      assertThat(body.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(1024);

      small
          .given()
          .body(body)
          .post(path + "/subscription")
          .then()
          .statusCode(413)
          .contentType(TestGateway.V2)
          .body("error_code", equalTo(413));

      small
          .given()
          .get(path + "/subscription")
          .then()
          .statusCode(200)
          .body("topics", equalTo(List.of()));
    }
  }

  @Test
  void instanceWithItsOwnShortTimeoutExpiresAndLeavesItsGroupWhileOthersStay() {
    String topic = TestKafka.createTopic("own-timeout", 1);
    String group = Names.unique("group");
    String path = gateway.createInstance(group, "{\"consumer.instance.timeout.ms\":\"2000\"}");
    String bystander = gateway.createInstance(Names.unique("group"), "{}");
    gateway.subscribe(path, topic);
    // Asking for the assignment is a use: the instance cannot expire before it joined.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                gateway
                    .given()
                    .get(path + "/assignments")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getList("partitions"),
            partitions -> !partitions.isEmpty());

    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> TestKafka.members(group).isEmpty());

    gateway
        .given()
        .get(path + "/subscription")
        .then()
        .statusCode(404)
        .body("error_code", equalTo(40403));
    gateway.given().get(bystander + "/subscription").then().statusCode(200);
  }

  @Test
  void instanceTimeoutAboveTheServerMaximumIs422NamingTheMaximum() {
    try (TestGateway capped =
        TestGateway.start(Map.of("consumer.instance.timeout.max.ms", "60000"))) {
      String group = Names.unique("group");

      capped
          .given()
          .body("{\"consumer.instance.timeout.ms\":120000}")
          .post("/consumers/" + group)
          .then()
          .statusCode(422)
          .contentType(TestGateway.V2)
          .body("error_code", equalTo(422))
          .body("message", containsString("60000"))
          .body("message", containsString("consumer.instance.timeout.max.ms"));
      capped.createInstance(group, "{\"consumer.instance.timeout.ms\":60000}");
    }
  }

  @Test
  void subscribingToATopicThatDoesNotExistIs40401AndDoesNotCreateIt() throws Exception {
    String topic = Names.unique("missing");
    String path = gateway.createInstance(Names.unique("group"), "{}");

    gateway
        .given()
        .body(Json.of(Map.of("topics", List.of(topic))))
        .post(path + "/subscription")
        .then()
        .statusCode(404)
        .contentType(TestGateway.V2)
        .body("error_code", equalTo(40401))
        .body("message", containsString(topic));

    try (Admin admin = TestKafka.admin()) {
      Set<String> topics = admin.listTopics().names().get();
      assertThat(topics).isNotEmpty().doesNotContain(topic);
    }
    gateway
        .given()
        .get(path + "/subscription")
        .then()
        .statusCode(200)
        .body("topics", equalTo(List.of()));
  }

  @Test
  void topicPatternPicksUpATopicCreatedAfterwards() {
    try (TestGateway quick =
        TestGateway.start(Map.of("kafka.consumer.metadata.max.age.ms", "1000"))) {
      String prefix = Names.unique("later");
      String path =
          quick.createInstance(
              Names.unique("group"), "{\"format\":\"text\",\"auto.offset.reset\":\"earliest\"}");
      quick
          .given()
          .body(Json.of(Map.of("topic_pattern", prefix + "-.*")))
          .post(path + "/subscription")
          .then()
          .statusCode(204);

      String topic = TestKafka.createTopic(prefix, 1);
      TestKafka.produce(
          List.of(new ProducerRecord<>(topic, null, "arrived".getBytes(StandardCharsets.UTF_8))));

      List<Map<String, Object>> records = quick.fetchAll(path, TEXT, 1);
      assertThat(records.get(0)).containsEntry("topic", topic).containsEntry("value", "arrived");
      quick
          .given()
          .get(path + "/subscription")
          .then()
          .statusCode(200)
          .body("topics", equalTo(List.of(topic)));
    }
  }
}
