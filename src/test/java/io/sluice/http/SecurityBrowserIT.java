package io.sluice.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.support.Chromium;
import io.sluice.support.CrossOriginPage;
import io.sluice.support.Names;
import io.sluice.support.SwaggerUi;
import io.sluice.support.TestGateway;
import io.sluice.support.TestKafka;
import io.sluice.support.UsersFile;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Security as a browser meets it, in a real headless Chromium: Swagger UI's Authorize button with
 * {@code auth.mode=basic}, and a page of another origin, which reads the gateway's answers (an
 * {@code EventSource}'s records, a 401 and its challenge) only where {@code http.cors.origins}
 * names that origin. Skipped like {@link DocsBrowserIT} where Chromium is missing.
 */
class SecurityBrowserIT {
  private static final Logger log = LoggerFactory.getLogger(SecurityBrowserIT.class);
  private static final String PASSWORD = Names.unique("alice-password");
  private static final String CHALLENGE = "Basic realm=\"sluice\", charset=\"UTF-8\"";

  private static Chromium chromium;
  private static SwaggerUi swagger;
  private static CrossOriginPage page;
  private static TestGateway basic;
  private static TestGateway allowingThePage;
  private static TestGateway allowingLocalhost;
  private static TestGateway withoutCors;

  @BeforeAll
  static void start() {
    if (!Chromium.available()) {
      return;
    }
    chromium = Chromium.start();
    swagger = new SwaggerUi(chromium);
    page = CrossOriginPage.serve("/browser/records.html");
    UsersFile users = UsersFile.of(Map.of("alice", PASSWORD));
    basic =
        TestGateway.start(
            Map.of(
                "auth.mode",
                "basic",
                "auth.basic.users.file",
                users.path().toString(),
                "http.cors.origins",
                page.origin()));
    allowingThePage = TestGateway.start(Map.of("http.cors.origins", page.origin()));
    // The page's port on another host: a different origin, however alike it looks.
    allowingLocalhost =
        TestGateway.start(Map.of("http.cors.origins", "http://localhost:" + page.port()));
    withoutCors = TestGateway.shared();
  }

  @BeforeEach
  void requireChromium() {
    Chromium.assumeAvailable();
  }

  @AfterAll
  static void stop() {
    Stream.of(allowingLocalhost, allowingThePage, basic, page, chromium)
        .filter(Objects::nonNull)
        .forEach(SecurityBrowserIT::closeQuietly);
  }

  @Test
  void tryItOutWithoutAuthorizingShows401() {
    swagger.open(basic);

    WebElement brokers = swagger.tryItOut(SwaggerUi.operation("listBrokers"), Map.of());

    assertThat(swagger.status(brokers)).isEqualTo("401");
    assertThat(swagger.answerBody(brokers)).contains("40101");
  }

  @Test
  void authorizeWithBasicCredentialsMakesTryItOut200UntilLogout() {
    swagger.open(basic);

    swagger.authorizeBasic("alice", PASSWORD);
    WebElement brokers = swagger.tryItOut(SwaggerUi.operation("listBrokers"), Map.of());
    String authorized = swagger.status(brokers);
    chromium.screenshot("swagger-ui-authorized.png");
    swagger.logOut();
    swagger.clearAndExecute(brokers);

    assertThat(authorized).isEqualTo("200");
    assertThat(swagger.status(brokers)).isEqualTo("401");
    log.info("SecurityBrowserIT: Swagger UI's Authorize sent alice's credentials until logout");
  }

  @Test
  void aPageOnAnAllowedOriginReadsThe401AndItsChallengeThenSendsCredentials() {
    chromium.open(page.url());

    Map<String, Object> refused = fetchFromThePage(basic.baseUri() + "/brokers", "");
    Map<String, Object> served =
        fetchFromThePage(
            basic.baseUri() + "/brokers",
            "Basic "
                + Base64.getEncoder()
                    .encodeToString(("alice:" + PASSWORD).getBytes(StandardCharsets.UTF_8)));

    assertThat(refused).containsEntry("status", 401L).containsEntry("challenge", CHALLENGE);
    assertThat(served).containsEntry("status", 200L);
  }

  @Test
  void anEventSourceOnAnAllowedOriginReceivesTheRecord() {
    String marker = streamWithARecord(allowingThePage);

    String received = chromium.await(d -> firstRecord());

    assertThat(received).contains(marker);
    assertThat(state()).isEqualTo("open");
    log.info("SecurityBrowserIT: a page on {} streamed {}", page.origin(), received);
  }

  @Test
  void anEventSourceOnAnOriginNotListedFails() {
    streamWithARecord(allowingLocalhost);

    assertFailsForCors();
  }

  @Test
  void anEventSourceOnAnotherOriginFailsWhereCorsIsOff() {
    streamWithARecord(withoutCors);

    assertFailsForCors();
  }

  /**
   * What the page's script sees of its {@code fetch(url)}, with this Authorization header unless
   * empty: {@code status} and {@code challenge}, or the {@code error} the fetch failed with.
   */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> fetchFromThePage(String url, String authorization) {
    return (Map<String, Object>)
        chromium.script(
            "const headers = arguments[1] ? {Authorization: arguments[1]} : {};"
                + "return fetch(arguments[0], {headers}).then("
                + "  r => ({status: r.status, challenge: r.headers.get('WWW-Authenticate')}),"
                + "  e => ({error: String(e)}));",
            url,
            authorization);
  }

  /**
   * A JSON instance reading from the earliest offset of a new topic with one record, and the
   * cross-origin page opened on its stream; answers the record's key.
   */
  private static String streamWithARecord(TestGateway gateway) {
    String topic = TestKafka.createTopic("browser-cors", 1);
    String marker = Names.unique("cross-origin");
    TestKafka.produce(
        List.of(
            new ProducerRecord<>(
                topic,
                marker.getBytes(StandardCharsets.UTF_8),
                "{\"event\":\"login\"}".getBytes(StandardCharsets.UTF_8))));
    String instance =
        gateway.createInstance(
            Names.unique("browser-cors"),
            "{\"format\":\"json\",\"auto.offset.reset\":\"earliest\"}");
    gateway.subscribe(instance, topic);
    chromium.console();
    chromium.open(page.url("records", gateway.baseUri() + instance + "/records"));
    return marker;
  }

  /** The browser gave up on the stream, told the console why (CORS), and the page got nothing. */
  private static void assertFailsForCors() {
    chromium.await(d -> state().equals("failed"));

    assertThat(firstRecord()).isNull();
    assertThat(chromium.console()).anyMatch(line -> line.contains("blocked by CORS policy"));
  }

  private static String state() {
    return chromium.driver().findElement(By.id("state")).getText();
  }

  private static String firstRecord() {
    return chromium.driver().findElements(By.cssSelector("#records li")).stream()
        .map(WebElement::getText)
        .findFirst()
        .orElse(null);
  }

  private static void closeQuietly(AutoCloseable resource) {
    try {
      resource.close();
    } catch (Exception e) {
      log.warn("Closing {} failed", resource, e);
    }
  }
}
