package io.sluice.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
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

/** How long a member stays in its group: through slow clients, but not past its expiry. */
class MembershipIT {
  private static final String BINARY = "application/vnd.kafka.binary.v2+json";

  @Test
  void idleInstanceExpiresAndLeavesItsGroup() {
    try (TestGateway gateway = TestGateway.start(Map.of("consumer.instance.timeout.ms", "3000"))) {
      String topic = TestKafka.createTopic("expiry", 1);
      String group = Names.unique("group");
      String path = gateway.createInstance(group, "{}");
      gateway.subscribe(path, topic);
      await().atMost(Duration.ofSeconds(30)).until(() -> TestKafka.members(group).size() == 1);

      await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> TestKafka.members(group).isEmpty());

      gateway
          .given()
          .get(path + "/subscription")
          .then()
          .statusCode(404)
          .body("error_code", equalTo(40403));
    }
  }

  @Test
  void instanceWhoseClientDoesNotFetchStaysTheSameMember() {
    Duration maxPollInterval = Duration.ofSeconds(2);
    try (TestGateway gateway =
        TestGateway.start(
            Map.of(
                "kafka.consumer.max.poll.interval.ms",
                Long.toString(maxPollInterval.toMillis()),
                "consumer.buffer.max.records",
                "5"))) {
      String topic = TestKafka.createTopic("slow", 2);
      String group = Names.unique("group");
      String path = gateway.createInstance(group, "{\"auto.offset.reset\":\"earliest\"}");
      gateway.subscribe(path, topic);
      await().atMost(Duration.ofSeconds(30)).until(() -> TestKafka.members(group).size() == 1);
      List<String> member = TestKafka.members(group);
      TestKafka.produce(
          java.util.stream.IntStream.range(0, 50)
              .mapToObj(
                  i ->
                      new ProducerRecord<byte[], byte[]>(
                          topic, ("v" + i).getBytes(StandardCharsets.UTF_8)))
              .toList());

      // No fetch for three times max.poll.interval.ms, with a full buffer: still the same member.
      await()
          .during(maxPollInterval.multipliedBy(3))
          .atMost(maxPollInterval.multipliedBy(5))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> TestKafka.members(group).equals(member));

      assertThat(gateway.fetchAll(path, BINARY, 50)).hasSize(50);
      assertThat(TestKafka.members(group)).isEqualTo(member);
    }
  }
}
