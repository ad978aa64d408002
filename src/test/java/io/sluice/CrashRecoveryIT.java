package io.sluice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import io.sluice.support.Contract;
import io.sluice.support.GatewayProcess;
import io.sluice.support.Names;
import io.sluice.support.TestBroker;
import io.sluice.support.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * A gateway killed with SIGKILL, restarted, and its client creating its instance again: with
 * consumer.static.membership the new instance takes the dead member's place at once; without it,
 * the group waits for the dead member's session to time out.
 */
class CrashRecoveryIT {
  private static final String TEXT = "application/vnd.kafka.text.v2+json";
  private static final String V2 = "application/vnd.kafka.v2+json";
  private static final String INSTANCE =
      "{\"name\":\"worker\",\"format\":\"text\",\"auto.offset.reset\":\"earliest\","
          + "\"session.timeout.ms\":\"10000\"}";

  private static RequestSpecification given(String base) {
    return RestAssured.given().baseUri(base).contentType(V2).filter(Contract.validating());
  }

  private static Process gateway(int port, boolean staticMembership, String log) throws Exception {
    Process process =
        GatewayProcess.launch(
            Map.of(
                "SLUICE_KAFKA_BOOTSTRAP_SERVERS", TestBroker.bootstrapServers(),
                "SLUICE_HTTP_HOST", "127.0.0.1",
                "SLUICE_HTTP_PORT", Integer.toString(port),
                "SLUICE_CONSUMER_STATIC_MEMBERSHIP", Boolean.toString(staticMembership)),
            GatewayProcess.logFile(log));
    await()
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .until(
            () -> RestAssured.get("http://127.0.0.1:" + port + "/health/live").statusCode() == 200);
    return process;
  }

  private static void createAndSubscribe(String base, String group, String topic) {
    given(base).body(INSTANCE).post("/consumers/" + group).then().statusCode(200);
    given(base)
        .body("{\"topics\":[\"" + topic + "\"]}")
        .post("/consumers/" + group + "/instances/worker/subscription")
        .then()
        .statusCode(204);
  }

  /**
   * Kills a gateway whose instance holds the topic, restarts, re-creates: ms to the first record.
   */
  private static long recoveryMillis(boolean staticMembership) throws Exception {
    String topic = TestKafka.createTopic("crash", 2);
    String group = Names.unique("group");
    int port = GatewayProcess.freePort();
    String base = "http://127.0.0.1:" + port;
    String mode = staticMembership ? "static" : "dynamic";
    Process first = gateway(port, staticMembership, "crash-" + mode + "-first");
    try {
      createAndSubscribe(base, group, topic);
      await().atMost(Duration.ofSeconds(30)).until(() -> TestKafka.settled(group, 1));
    } finally {
      first.destroyForcibly().waitFor();
    }
    TestKafka.produce(
        IntStream.range(0, 20)
            .mapToObj(
                i ->
                    new ProducerRecord<byte[], byte[]>(
                        topic, i % 2, null, ("v" + i).getBytes(StandardCharsets.UTF_8)))
            .toList());
    Process second = gateway(port, staticMembership, "crash-" + mode + "-second");
    try {
      long start = System.nanoTime();
      createAndSubscribe(base, group, topic);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  given(base)
                      .accept(TEXT)
                      .get("/consumers/" + group + "/instances/worker/records?timeout=500")
                      .then()
                      .statusCode(200)
                      .extract()
                      .jsonPath()
                      .getList("$"),
              records -> !records.isEmpty());
      long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
      List<String> members = TestKafka.members(group);
      if (staticMembership) {
        assertThat(members).as("the re-created static member replaced the dead one").hasSize(1);
      }
      return millis;
    } finally {
      second.destroyForcibly().waitFor();
    }
  }

  @Test
  void staticMembershipGivesARecreatedInstanceItsPartitionsBackAfterAGatewayCrash()
      throws Exception {
    long withStatic = recoveryMillis(true);
    long without = recoveryMillis(false);

    System.out.printf(
        "CrashRecoveryIT: first record after kill -9, restart and re-create: %d ms with"
            + " consumer.static.membership, %d ms without (session.timeout.ms 10000)%n",
        withStatic, without);
    assertThat(withStatic).isPositive();
  }
}
