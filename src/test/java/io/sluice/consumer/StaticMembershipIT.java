package io.sluice.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.sluice.support.Names;
import io.sluice.support.TestGateway;
import io.sluice.support.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** Static membership ({@code group.instance.id}) through the gateway, against a real broker. */
class StaticMembershipIT {
  private static final String TEXT = "application/vnd.kafka.text.v2+json";
  private static final TestGateway gateway = TestGateway.shared();

  private static String staticBody(String name, String staticId) {
    return "{\"name\":\""
        + name
        + "\",\"format\":\"text\",\"auto.offset.reset\":\"earliest\",\"group.instance.id\":\""
        + staticId
        + "\"}";
  }

  private static List<Map<String, Object>> assignment(TestGateway gateway, String path) {
    return gateway
        .given()
        .get(path + "/assignments")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("partitions");
  }

  @Test
  void staticMemberRecreatedAfterDeleteWithoutLeavingGetsItsPartitionsBackWithoutARebalance() {
    String topic = TestKafka.createTopic("static", 4);
    String group = Names.unique("group");
    String other = gateway.createInstance(group, staticBody("other", "other-" + group));
    gateway.subscribe(other, topic);
    await().atMost(Duration.ofSeconds(30)).until(() -> TestKafka.settled(group, 1));
    String path = gateway.createInstance(group, staticBody("restarting", "restarting-" + group));
    gateway.subscribe(path, topic);
    await().atMost(Duration.ofSeconds(30)).until(() -> TestKafka.settled(group, 2));
    List<Map<String, Object>> before = assignment(gateway, path);
    long rebalancesOfOther = gateway.instance(other).rebalances().completed();
    List<?> revokedFromOther = gateway.instance(other).rebalances().revoked();

    gateway.given().delete(path + "?leave_group=false").then().statusCode(204);
    assertThat(TestKafka.members(group)).hasSize(2);
    String again = gateway.createInstance(group, staticBody("restarting", "restarting-" + group));
    gateway.subscribe(again, topic);

    List<Map<String, Object>> after =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> assignment(gateway, again), partitions -> !partitions.isEmpty());
    assertThat(after).isEqualTo(before);
    assertThat(gateway.instance(other).rebalances().completed()).isEqualTo(rebalancesOfOther);
    assertThat(gateway.instance(other).rebalances().revoked()).isEqualTo(revokedFromOther);
    System.out.printf(
        "StaticMembershipIT: re-created static member got %s back; the other member saw %d"
            + " rebalances before and after%n",
        after, rebalancesOfOther);
  }

  @Test
  void deletingAStaticMemberLeavesTheGroupAtOnce() {
    String topic = TestKafka.createTopic("static-leave", 2);
    String group = Names.unique("group");
    String path = gateway.createInstance(group, staticBody("leaving", "leaving-" + group));
    gateway.subscribe(path, topic);
    await().atMost(Duration.ofSeconds(30)).until(() -> TestKafka.settled(group, 1));

    gateway.given().delete(path).then().statusCode(204);

    // The default session timeout is 45 s: an empty group well before it means the member left.
    assertThat(TestKafka.members(group)).isEmpty();
  }

  @Test
  void secondInstanceWithAGroupInstanceIdAlreadyHeldIs40906() {
    String group = Names.unique("group");
    gateway.createInstance(group, staticBody("first", "shared-id"));

    gateway
        .given()
        .body(staticBody("second", "shared-id"))
        .post("/consumers/" + group)
        .then()
        .statusCode(409)
        .body("error_code", equalTo(40906))
        .body("message", containsString("first"));
  }

  @Test
  void memberFencedByAnotherGatewayAnswers40906WhileTheOtherKeepsConsuming() {
    String topic = TestKafka.createTopic("fenced", 2);
    String group = Names.unique("group");
    String staticId = "contested-" + group;
    String fenced = gateway.createInstance(group, staticBody("here", staticId));
    gateway.subscribe(fenced, topic);
    await().atMost(Duration.ofSeconds(30)).until(() -> TestKafka.settled(group, 1));

    try (TestGateway elsewhere = TestGateway.start()) {
      String winner = elsewhere.createInstance(group, staticBody("there", staticId));
      elsewhere.subscribe(winner, topic);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  gateway.given().accept(TEXT).get(fenced + "/records?timeout=200").statusCode()
                      == 409);
      TestKafka.produce(
          IntStream.range(0, 40)
              .mapToObj(
                  i ->
                      new ProducerRecord<byte[], byte[]>(
                          topic, ("v" + i).getBytes(StandardCharsets.UTF_8)))
              .toList());

      gateway
          .given()
          .accept(TEXT)
          .get(fenced + "/records")
          .then()
          .statusCode(409)
          .body("error_code", equalTo(40906))
          .body("message", containsString("fenced"));
      gateway
          .given()
          .post(fenced + "/offsets")
          .then()
          .statusCode(409)
          .body("error_code", equalTo(40906));
      List<Map<String, Object>> received = new ArrayList<>(elsewhere.fetchAll(winner, TEXT, 40));
      assertThat(received).hasSize(40);
      long rebalances = elsewhere.instance(winner).rebalances().completed();
      await()
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(5))
          .until(() -> elsewhere.instance(winner).rebalances().completed() == rebalances);
      assertThat(elsewhere.instance(winner).rebalances().revoked()).isEmpty();
    }
  }
}
