package io.sluice.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.sluice.support.Chromium;
import io.sluice.support.Names;
import io.sluice.support.SwaggerUi;
import io.sluice.support.TestGateway;
import io.sluice.support.TestKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Swagger UI at /docs in a real headless Chromium (see {@link Chromium}): the operations render,
 * and "Try it out" creates a consumer instance on this very gateway. Skipped on a machine without
 * Chromium, except in CI, where that is a failure.
 */
class DocsBrowserIT {
  private static final Logger log = LoggerFactory.getLogger(DocsBrowserIT.class);

  private static TestGateway gateway;
  private static Chromium chromium;
  private static SwaggerUi swagger;

  @BeforeAll
  static void start() {
    if (!Chromium.available()) {
      return;
    }
    gateway = TestGateway.start();
    chromium = Chromium.start();
    swagger = new SwaggerUi(chromium);
  }

  @BeforeEach
  void requireChromium() {
    Chromium.assumeAvailable();
  }

  @AfterAll
  static void stop() {
    if (chromium != null) {
      chromium.close();
    }
    if (gateway != null) {
      gateway.close();
    }
  }

  @Test
  void swaggerUiRendersEveryOperationAndTryItOutCreatesAnInstance() {
    List<String> operations = SwaggerUi.operationElementIds();
    swagger.open(gateway);

    for (String id : operations) {
      assertThat(chromium.driver().findElements(By.id(id))).as(id).hasSize(1);
    }
    Path overview = chromium.screenshot("swagger-ui.png");

    String group = Names.unique("browser");
    WebElement create =
        swagger.tryItOut("operations-consumers-createConsumer", Map.of("group", group));
    String answered = swagger.status(create);
    Path tried = chromium.screenshot("swagger-ui-try-it-out.png");

    assertThat(answered).isEqualTo("200");
    gateway
        .given()
        .get("/consumers/" + group + "/instances/my-consumer/subscription")
        .then()
        .statusCode(200)
        .body("topics", equalTo(List.of()));
    log.info(
        "DocsBrowserIT: Swagger UI rendered {} operations; Try it out answered {}; screenshots {}"
            + " and {}",
        operations.size(),
        answered,
        overview,
        tried);
  }

  @Test
  void tryItOutReadsCommittedOffsetsThroughQueryPairs() {
    String group = Names.unique("browser");
    String topic = TestKafka.createTopic("browser", 1);
    String instance = gateway.createInstance(group, "{}");
    swagger.open(gateway);

    WebElement committed =
        swagger.tryItOut(
            "operations-offsets-getCommittedOffsets",
            Map.of(
                "group",
                group,
                "instance",
                instance.substring(instance.lastIndexOf('/') + 1),
                "topic",
                topic,
                "partition",
                "0"));

    assertThat(swagger.status(committed)).isEqualTo("200");
  }

  @Test
  void tryItOutProducesAJsonRecordToUserEventsAndConsumesIt() throws Exception {
    createDemoTopic();
    String group = Names.unique("browser");
    swagger.open(gateway);

    WebElement produced =
        swagger.tryItOut(SwaggerUi.operation("produce"), Map.of("topic", "user-events"));
    assertThat(swagger.status(produced)).isEqualTo("200");
    assertThat(
            swagger.status(
                swagger.tryItOut(SwaggerUi.operation("createConsumer"), Map.of("group", group))))
        .isEqualTo("200");
    assertThat(
            swagger.status(
                swagger.tryItOut(
                    SwaggerUi.operation("subscribe"),
                    Map.of("group", group, "instance", "my-consumer"))))
        .isEqualTo("204");
    WebElement fetch =
        swagger.tryItOut(
            SwaggerUi.operation("fetchRecords"),
            Map.of("group", group, "instance", "my-consumer", "timeout", "5000"));

    // The instance joins its group first: fetch again until the record is there.
    chromium.await(
        d -> {
          if (!swagger.answerBody(fetch).contains("user-42")) {
            swagger.execute(fetch);
            return false;
          }
          return true;
        });
    assertThat(swagger.answerBody(fetch)).contains("\"event\"").contains("login");
    log.info("DocsBrowserIT: Try it out produced a JSON record to user-events and fetched it");
  }

  @Test
  void anEventSourceInTheBrowserSeesRecordsOfTheDemoTopicArrive() throws Exception {
    createDemoTopic();
    String group = Names.unique("browser-stream");
    String instance =
        gateway.createInstance(group, "{\"format\":\"json\",\"auto.offset.reset\":\"earliest\"}");
    gateway.subscribe(instance, "user-events");
    swagger.open(gateway);

    // The README's five lines, keeping what arrives where the test can look.
    chromium.script(
        "window.seen = [];"
            + "window.records = new EventSource(arguments[0]);"
            + "records.addEventListener('record', e => window.seen.push(JSON.parse(e.data)));",
        instance + "/records");
    String marker = Names.unique("streamed");
    TestKafka.produce(
        List.of(
            new ProducerRecord<>(
                "user-events",
                marker.getBytes(StandardCharsets.UTF_8),
                ("{\"user_id\":\"" + marker + "\",\"event\":\"login\"}")
                    .getBytes(StandardCharsets.UTF_8))));

    chromium.await(
        d ->
            (Boolean)
                chromium.script(
                    "return window.seen.some(r => r.key === arguments[0]"
                        + " && r.value.user_id === arguments[0]);",
                    marker));
    chromium.script("window.records.close();");
    log.info("DocsBrowserIT: an EventSource in Chromium received the record streamed to it");
  }

  /** The demo topic the spec's examples name; the tests' broker has no demo events. */
  private static void createDemoTopic() throws Exception {
    try (Admin admin = TestKafka.admin()) {
      if (!admin.listTopics().names().get().contains("user-events")) {
        admin.createTopics(List.of(new NewTopic("user-events", 1, (short) 1))).all().get();
      }
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw e;
      }
    }
  }
}
