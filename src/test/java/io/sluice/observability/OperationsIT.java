package io.sluice.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.sluice.embedded.EmbeddedKafka;
import io.sluice.support.Names;
import io.sluice.support.TestGateway;
import io.sluice.support.TestKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** Metrics and health as an operator sees them: scraped and probed over real HTTP. */
class OperationsIT {
  private static final String BINARY = "application/vnd.kafka.binary.v2+json";

  private static double value(String scrape, String series) {
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$").matcher(scrape);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  @Test
  void metricsMoveWithRealTraffic() {
    try (TestGateway gateway = TestGateway.start(Map.of("metrics.kafka.clients", "true"))) {
      String before = gateway.given().get("/metrics").then().statusCode(200).extract().asString();
      String topic = TestKafka.createTopic("metrics", 1);
      TestKafka.produce(
          IntStream.range(0, 20)
              .mapToObj(
                  i ->
                      new ProducerRecord<byte[], byte[]>(
                          topic, ("value-" + i).getBytes(StandardCharsets.UTF_8)))
              .toList());
      String path =
          gateway.createInstance(Names.unique("group"), "{\"auto.offset.reset\":\"earliest\"}");
      gateway.subscribe(path, topic);
      gateway.fetchAll(path, BINARY, 20);
      gateway.given().post(path + "/offsets").then().statusCode(200);
      gateway
          .givenBadRequest()
          .body("{\"name\":\"x\",\"colour\":1}")
          .post("/consumers/g")
          .then()
          .statusCode(422);

      String after =
          gateway
              .given()
              .get("/metrics")
              .then()
              .statusCode(200)
              .contentType("text/plain; version=0.0.4; charset=utf-8")
              .extract()
              .asString();

      assertThat(value(after, "sluice_records_delivered_total"))
          .isEqualTo(value(before, "sluice_records_delivered_total") + 20);
      assertThat(value(after, "sluice_bytes_delivered_bytes_total")).isGreaterThanOrEqualTo(20 * 7);
      assertThat(value(after, "sluice_consumer_instances")).isEqualTo(1);
      assertThat(value(after, "sluice_rebalances_total")).isPositive();
      assertThat(value(after, "sluice_commit_latency_seconds_count")).isPositive();
      assertThat(value(after, "sluice_fetch_latency_seconds_count")).isPositive();
      assertThat(after)
          .contains(
              "http_server_requests_seconds_count{method=\"GET\",route=\"/consumers/{group}/instances/{instance}/records\",status=\"200\"}")
          .contains(
              "http_server_requests_seconds_count{method=\"POST\",route=\"/consumers/{group}\",status=\"422\"}")
          .contains("sluice_consumer_buffered_records")
          .contains("sluice_consumer_paused_partitions")
          .contains("sluice_poll_errors_total")
          .contains("jvm_memory_used_bytes")
          .contains("kafka_consumer_fetch_manager_records_consumed_total");
      assertThat(after).containsPattern("sluice_fetch_latency_seconds_bucket\\{le=");
    }
  }

  @Test
  void livenessAndReadinessAnswerOnceKafkaAnswers() {
    try (TestGateway gateway = TestGateway.start()) {
      gateway.given().get("/health/live").then().statusCode(200).body("status", equalTo("UP"));

      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  gateway
                      .given()
                      .get("/health/ready")
                      .then()
                      .statusCode(200)
                      .body("status", equalTo("UP")));
    }
  }

  @Test
  void readinessIs503WithAReasonWhenTheBrokerStops() throws Exception {
    EmbeddedKafka broker = EmbeddedKafka.start(0, Files.createTempDirectory("sluice-ready-"));
    try (TestGateway gateway =
        TestGateway.start(Map.of("kafka.bootstrap.servers", broker.bootstrapServers()))) {
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(() -> gateway.given().get("/health/ready").then().statusCode(200));

      broker.close();

      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  gateway
                      .given()
                      .get("/health/ready")
                      .then()
                      .statusCode(503)
                      .body("status", equalTo("DOWN"))
                      .body("reason", containsString("Kafka")));
      gateway.given().get("/health/live").then().statusCode(200);
    } finally {
      broker.close();
    }
  }
}
