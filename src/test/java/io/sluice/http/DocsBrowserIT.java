package io.sluice.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sluice.support.Contract;
import io.sluice.support.Names;
import io.sluice.support.TestGateway;
import io.sluice.support.TestKafka;
import io.swagger.v3.oas.models.Operation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Swagger UI at /docs in a real headless Chromium (Debian's chromium and chromium-driver, which
 * .ci/run installs): the operations render, and "Try it out" creates a consumer instance on this
 * very gateway. Skipped on a machine without Chromium, except in CI, where that is a failure.
 */
class DocsBrowserIT {
  private static final Logger log = LoggerFactory.getLogger(DocsBrowserIT.class);
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path SCREENSHOTS = Path.of("target");
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private static final boolean INSTALLED =
      Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
  private static final String SKIPPED =
      "DocsBrowserIT skipped: no "
          + CHROMIUM
          + " and "
          + CHROMEDRIVER
          + " here (apt-get install chromium chromium-driver)";

  private static TestGateway gateway;
  private static ChromeDriverService service;
  private static ChromeDriver browser;

  @BeforeAll
  static void start() throws IOException {
    if (!INSTALLED) {
      if (System.getenv("CI") != null) {
        fail(
            "DocsBrowserIT must run in CI, but %s or %s is missing: .ci/run installs the"
                + " chromium and chromium-driver packages",
            CHROMIUM, CHROMEDRIVER);
      }
      return;
    }
    gateway = TestGateway.start();
    // Both paths are given, so Selenium Manager never looks for (or downloads) a browser.
    service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--window-size=1280,1000");
    browser = new ChromeDriver(service, options);
    Files.createDirectories(SCREENSHOTS);
  }

  @BeforeEach
  void requireChromium() {
    if (!INSTALLED) {
      log.warn(SKIPPED);
    }
    assumeTrue(INSTALLED, SKIPPED);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (service != null) {
      service.stop();
    }
    if (gateway != null) {
      gateway.close();
    }
  }

  @Test
  void swaggerUiRendersEveryOperationAndTryItOutCreatesAnInstance() throws IOException {
    List<String> operations = operationElementIds();
    WebDriverWait wait = new WebDriverWait(browser, PATIENCE);
    browser.get(gateway.baseUri() + "/docs");

    wait.until(
        ExpectedConditions.numberOfElementsToBe(By.cssSelector(".opblock"), operations.size()));
    for (String id : operations) {
      assertThat(browser.findElements(By.id(id))).as(id).hasSize(1);
    }
    Path overview = screenshot("swagger-ui.png");

    String group = Names.unique("browser");
    WebElement create = tryItOut("operations-consumers-createConsumer", Map.of("group", group));
    String answered = status(create);
    Path tried = screenshot("swagger-ui-try-it-out.png");

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
    browser.get(gateway.baseUri() + "/docs");

    WebElement committed =
        tryItOut(
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

    assertThat(status(committed)).isEqualTo("200");
  }

  @Test
  void tryItOutProducesAJsonRecordToUserEventsAndConsumesIt() throws Exception {
    createDemoTopic();
    String group = Names.unique("browser");
    browser.get(gateway.baseUri() + "/docs");

    WebElement produced = tryItOut(operation("produce"), Map.of("topic", "user-events"));
    assertThat(status(produced)).isEqualTo("200");
    assertThat(status(tryItOut(operation("createConsumer"), Map.of("group", group))))
        .isEqualTo("200");
    assertThat(
            status(
                tryItOut(
                    operation("subscribe"), Map.of("group", group, "instance", "my-consumer"))))
        .isEqualTo("204");
    WebElement fetch =
        tryItOut(
            operation("fetchRecords"),
            Map.of("group", group, "instance", "my-consumer", "timeout", "5000"));

    // The instance joins its group first: fetch again until the record is there.
    new WebDriverWait(browser, PATIENCE)
        .until(
            d -> {
              String body = answerBody(fetch);
              if (!body.contains("user-42")) {
                fetch.findElement(By.cssSelector("button.execute")).click();
                return false;
              }
              return true;
            });
    assertThat(answerBody(fetch)).contains("\"event\"").contains("login");
    log.info("DocsBrowserIT: Try it out produced a JSON record to user-events and fetched it");
  }

  @Test
  void anEventSourceInTheBrowserSeesRecordsOfTheDemoTopicArrive() throws Exception {
    createDemoTopic();
    String group = Names.unique("browser-stream");
    String instance =
        gateway.createInstance(group, "{\"format\":\"json\",\"auto.offset.reset\":\"earliest\"}");
    gateway.subscribe(instance, "user-events");
    browser.get(gateway.baseUri() + "/docs");
    JavascriptExecutor page = (JavascriptExecutor) browser;

    // The README's five lines, keeping what arrives where the test can look.
    page.executeScript(
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

    new WebDriverWait(browser, PATIENCE)
        .until(
            d ->
                (Boolean)
                    page.executeScript(
                        "return window.seen.some(r => r.key === arguments[0]"
                            + " && r.value.user_id === arguments[0]);",
                        marker));
    page.executeScript("window.records.close();");
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

  /** The element id of the operation with this operationId, whatever its tag. */
  private static String operation(String operationId) {
    return operationElementIds().stream()
        .filter(id -> id.endsWith("-" + operationId))
        .findFirst()
        .orElseThrow();
  }

  /**
   * The body of the answer Swagger UI shows for this operation (empty while it shows none), as text
   * even where the page has not scrolled it into view.
   */
  private static String answerBody(WebElement operation) {
    return operation
        .findElements(By.cssSelector(".live-responses-table .response .response-col_description"))
        .stream()
        .map(cell -> cell.getAttribute("textContent"))
        .findFirst()
        .orElse("");
  }

  /** Expands the operation, presses Try it out, fills these parameters and executes it. */
  private static WebElement tryItOut(String operation, Map<String, String> parameters) {
    WebDriverWait wait = new WebDriverWait(browser, PATIENCE);
    WebElement block = wait.until(d -> d.findElement(By.id(operation)));
    block.findElement(By.cssSelector(".opblock-summary-control")).click();
    wait.until(d -> block.findElement(By.cssSelector(".try-out__btn"))).click();
    parameters.forEach(
        (name, value) -> {
          WebElement input =
              wait.until(
                  d ->
                      block.findElement(
                          By.cssSelector("tr[data-param-name='" + name + "'] input")));
          input.clear();
          input.sendKeys(value);
        });
    block.findElement(By.cssSelector("button.execute")).click();
    return block;
  }

  /** The status of the answer Swagger UI shows for this operation, once it shows one. */
  private static String status(WebElement operation) {
    WebElement status =
        new WebDriverWait(browser, PATIENCE)
            .until(
                d ->
                    operation.findElement(
                        By.cssSelector(".live-responses-table .response .response-col_status")));
    ((JavascriptExecutor) browser)
        .executeScript("arguments[0].scrollIntoView({block: 'center'})", status);
    return status.getText().trim();
  }

  /** Swagger UI's element ids of the spec's operations: operations-{tag}-{operationId}. */
  private static List<String> operationElementIds() {
    List<String> ids = new ArrayList<>();
    Contract.api()
        .getPaths()
        .values()
        .forEach(
            item -> {
              for (Operation operation : item.readOperations()) {
                ids.add(
                    "operations-" + operation.getTags().get(0) + "-" + operation.getOperationId());
              }
            });
    return ids;
  }

  private static Path screenshot(String name) throws IOException {
    Path file = SCREENSHOTS.resolve(name);
    Files.write(file, browser.getScreenshotAs(OutputType.BYTES));
    return file;
  }
}
