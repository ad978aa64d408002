package io.sluice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import io.sluice.support.Contract;
import io.sluice.support.GatewayProcess;
import io.sluice.support.Names;
import io.sluice.support.TestBroker;
import io.sluice.support.TestKafka;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The real process: started with java, stopped with SIGTERM, as a container runtime does. */
class GracefulShutdownIT {
  private static final String BINARY = "application/vnd.kafka.binary.v2+json";
  private static final String V2 = "application/vnd.kafka.v2+json";

  @Test
  void sigtermAnswersWaitingFetchesCommitsAcknowledgedOffsetsAndExitsZero() throws Exception {
    int port = GatewayProcess.freePort();
    Path log = GatewayProcess.logFile("graceful-shutdown");
    Process gateway =
        GatewayProcess.launch(
            Map.of(
                "SLUICE_KAFKA_BOOTSTRAP_SERVERS",
                TestBroker.bootstrapServers(),
                "SLUICE_HTTP_HOST",
                "127.0.0.1",
                "SLUICE_HTTP_PORT",
                Integer.toString(port),
                "SLUICE_SHUTDOWN_TIMEOUT_MS",
                "20000",
                "SLUICE_LOG_FORMAT",
                "json"),
            log);
    try {
      String base = "http://127.0.0.1:" + port;
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(() -> given(base).get("/health/live").statusCode() == 200);
      String topic = TestKafka.createTopic("shutdown", 1);
      TestKafka.produce(
          IntStream.range(0, 30)
              .mapToObj(i -> new ProducerRecord<byte[], byte[]>(topic, new byte[10]))
              .toList());
      String group = Names.unique("group");
      String reader = create(base, group, "{\"auto.offset.reset\":\"earliest\"}");
      subscribe(base, reader, topic);
      List<Object> received =
          await()
              .atMost(Duration.ofSeconds(30))
              .until(
                  () ->
                      given(base)
                          .accept(BINARY)
                          .get(reader + "/records?timeout=500&max_bytes=50")
                          .then()
                          .statusCode(200)
                          .extract()
                          .jsonPath()
                          .getList("offset"),
                  offsets -> !offsets.isEmpty());
      long next = ((Number) received.get(received.size() - 1)).longValue() + 1;
      // Any later request of the client acknowledges that answer: auto-commit may now commit it.
      given(base).get(reader + "/subscription").then().statusCode(200);
      String waiter = create(base, Names.unique("group"), "{}");
      subscribe(base, waiter, TestKafka.createTopic("quiet", 1));
      CompletableFuture<Integer> longPoll =
          CompletableFuture.supplyAsync(
              () -> given(base).accept(BINARY).get(waiter + "/records?timeout=25000").statusCode());
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> given(base).get("/metrics").asString().contains("sluice_fetches_waiting 1.0"));

      long stopping = System.nanoTime();
      gateway.destroy();
      boolean exited = gateway.waitFor(40, TimeUnit.SECONDS);
      Duration took = Duration.ofNanos(System.nanoTime() - stopping);

      assertThat(exited).as("exited within 40 s").isTrue();
      assertThat(gateway.exitValue()).isZero();
      assertThat(longPoll.get(5, TimeUnit.SECONDS)).isEqualTo(200);
      assertThat(took).isLessThan(Duration.ofSeconds(20));
      assertThat(TestKafka.committedOffsets(group))
          .isEqualTo(Map.of(new TopicPartition(topic, 0), next));
      assertThat(TestKafka.members(group)).isEmpty();
      assertJsonLogLines(log, reader.substring(reader.lastIndexOf('/') + 1));
      System.out.printf("GracefulShutdownIT: SIGTERM to exit 0 took %d ms%n", took.toMillis());
    } finally {
      gateway.destroyForcibly();
    }
  }

  @Test
  void badConfigurationStopsStartupWithExitCode2AndOneLine() throws Exception {
    Path log = GatewayProcess.logFile("bad-config");
    Process gateway = GatewayProcess.launch(Map.of("SLUICE_HTTP_PORT", "eighty"), log);

    assertThat(gateway.waitFor(30, TimeUnit.SECONDS)).isTrue();

    assertThat(gateway.exitValue()).isEqualTo(2);
    assertThat(Files.readAllLines(log, StandardCharsets.UTF_8))
        .containsExactly(
            "Invalid configuration: http.port=\"eighty\"; expected a port number from 0 to 65535");
  }

  /** With log.format=json every line is a JSON object; access and poll-loop lines say what. */
  private static void assertJsonLogLines(Path log, String instance) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      lines.add(mapper.readTree(line));
    }
    assertThat(lines)
        .anySatisfy(
            line -> {
              assertThat(line.path("loggerName").asText()).isEqualTo("io.sluice.access");
              assertThat(line.path("formattedMessage").asText())
                  .startsWith("GET /consumers/{group}/instances/{instance}/records 200 ");
            })
        .anySatisfy(
            line -> {
              assertThat(line.path("loggerName").asText()).endsWith("PollLoop");
              assertThat(line.path("formattedMessage").asText()).contains(instance);
            });
  }

  private static RequestSpecification given(String base) {
    return RestAssured.given().baseUri(base).contentType(V2).filter(Contract.validating());
  }

  private static String create(String base, String group, String body) {
    String uri =
        given(base)
            .body(body)
            .post("/consumers/" + group)
            .then()
            .statusCode(200)
            .extract()
            .path("base_uri");
    return uri.substring(base.length());
  }

  private static void subscribe(String base, String path, String topic) {
    given(base)
        .body("{\"topics\":[\"" + topic + "\"]}")
        .post(path + "/subscription")
        .then()
        .statusCode(204);
  }
}
