package io.sluice.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.sluice.support.Names;
import io.sluice.support.TestGateway;
import io.sluice.support.UsersFile;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/** {@code auth.mode=basic} against the real broker: who gets in, what the others are told. */
class BasicAuthIT {
  private static final String ALICE_PASSWORD = "alice-" + Names.unique("pw");
  private static UsersFile users;
  private static TestGateway gateway;

  @BeforeAll
  static void start() {
    users = UsersFile.of(Map.of("alice", ALICE_PASSWORD, "bob", "bob-password"));
    gateway =
        TestGateway.start(
            Map.of("auth.mode", "basic", "auth.basic.users.file", users.path().toString()));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void aRequestWithoutCredentialsIs401WithTheBasicChallenge() {
    gateway
        .given()
        .get("/topics")
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", "Basic realm=\"sluice\", charset=\"UTF-8\"")
        .body("error_code", equalTo(40101));
  }

  @Test
  void theGatewaysOwnPagesGetTheChallengeOnNavigationsNotOnFetches() {
    // Fetch metadata as Chromium sends it: Swagger UI's fetch, then the address bar.
    gateway
        .given()
        .header("Sec-Fetch-Site", "same-origin")
        .header("Sec-Fetch-Mode", "cors")
        .get("/topics")
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", nullValue())
        .body("error_code", equalTo(40101));
    gateway
        .given()
        .header("Sec-Fetch-Site", "same-origin")
        .header("Sec-Fetch-Mode", "navigate")
        .get("/topics")
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", startsWith("Basic "));
  }

  @Test
  void aWrongPasswordAndAnUnknownUserGetTheSameAnswer() {
    Response wrongPassword = gateway.givenAs("alice", "nope").get("/topics");
    Response unknownUser = gateway.givenAs("mallory", ALICE_PASSWORD).get("/topics");

    assertThat(wrongPassword.statusCode()).isEqualTo(401);
    assertThat(unknownUser.statusCode()).isEqualTo(401);
    assertThat(unknownUser.asString()).isEqualTo(wrongPassword.asString());
    assertThat(unknownUser.header("WWW-Authenticate"))
        .isEqualTo(wrongPassword.header("WWW-Authenticate"));
  }

  @Test
  void aBrowserPostFromAnotherSitesPageIsRefusedEvenWithCredentials() {
    String group = Names.unique("basic-csrf");

    gateway
        .givenAs("alice", ALICE_PASSWORD)
        .header("Sec-Fetch-Site", "cross-site")
        .header("Origin", "https://evil.example")
        .body("{}")
        .post("/consumers/" + group)
        .then()
        .statusCode(403)
        .body("error_code", equalTo(40301))
        .body("message", containsString("http.cors.origins"));
    gateway
        .givenAs("alice", ALICE_PASSWORD)
        .header("Sec-Fetch-Site", "cross-site")
        .header("Origin", "https://evil.example")
        .get("/brokers")
        .then()
        .statusCode(200);
  }

  @Test
  void theRightPasswordServesTheRequest() {
    gateway
        .given()
        .auth()
        .preemptive()
        .basic("alice", ALICE_PASSWORD)
        .get("/brokers")
        .then()
        .statusCode(200);
  }

  static Stream<Arguments> malformedAuthorizations() {
    return Stream.of(
        Arguments.of("not base64", "Basic %%%not-base64%%%"),
        Arguments.of("no colon", "Basic " + base64("alice" + ALICE_PASSWORD)),
        Arguments.of("empty user", "Basic " + base64(":" + ALICE_PASSWORD)),
        Arguments.of(
            "not UTF-8",
            "Basic " + Base64.getEncoder().encodeToString(new byte[] {(byte) 0xff, ':', 'x'})),
        Arguments.of("nothing after the scheme", "Basic "),
        Arguments.of("another scheme", "Digest username=\"alice\""),
        Arguments.of("a bearer token", "Bearer " + base64("alice:" + ALICE_PASSWORD)),
        Arguments.of(
            "a password over bcrypt's 72 bytes", "Basic " + base64("alice:" + "p".repeat(100))),
        Arguments.of("a long header", "Basic " + base64("alice:" + "x".repeat(5000))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedAuthorizations")
  void malformedBasicCredentialsAre401NeverA500(String what, String authorization) {
    gateway
        .givenBadRequest()
        .header("Authorization", authorization)
        .get("/topics")
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", "Basic realm=\"sluice\", charset=\"UTF-8\"")
        .body("error_code", equalTo(40101));
  }

  @Test
  void healthStaysOpenWhileMetricsNeedCredentialsAndDocsStayOpenByDefault() {
    RestAssured.given().baseUri(gateway.baseUri()).get("/health/live").then().statusCode(200);
    RestAssured.given().baseUri(gateway.baseUri()).get("/health/ready").then().statusCode(200);
    RestAssured.given().baseUri(gateway.baseUri()).get("/docs/").then().statusCode(200);
    RestAssured.given().baseUri(gateway.baseUri()).get("/openapi.json").then().statusCode(200);
    RestAssured.given().baseUri(gateway.baseUri()).get("/metrics").then().statusCode(401);
    RestAssured.given()
        .baseUri(gateway.baseUri())
        .auth()
        .preemptive()
        .basic("alice", ALICE_PASSWORD)
        .get("/metrics")
        .then()
        .statusCode(200);
  }

  @Test
  void settingsOpenMetricsAndProtectTheDocs() {
    try (TestGateway other =
        TestGateway.start(
            Map.of(
                "auth.mode", "basic",
                "auth.basic.users.file", users.path().toString(),
                "auth.metrics.open", "true",
                "auth.docs.open", "false"))) {
      RestAssured.given().baseUri(other.baseUri()).get("/metrics").then().statusCode(200);
      RestAssured.given().baseUri(other.baseUri()).get("/docs/").then().statusCode(401);
      RestAssured.given().baseUri(other.baseUri()).get("/openapi.yaml").then().statusCode(401);
      RestAssured.given().baseUri(other.baseUri()).get("/docs/../topics").then().statusCode(401);
    }
  }

  @Test
  void failedAuthenticationsAreCountedAndLoggedWithoutTheCredentials() {
    String secret = "leaked-" + Names.unique("secret");
    Logger logger = (Logger) LoggerFactory.getLogger(Security.class);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    logger.addAppender(log);
    try {
      double before = rejected();

      gateway
          .given()
          .auth()
          .preemptive()
          .basic("alice", secret)
          .get("/topics")
          .then()
          .statusCode(401);
      gateway
          .given()
          .auth()
          .preemptive()
          .basic(secret, secret)
          .get("/topics")
          .then()
          .statusCode(401);

      assertThat(rejected()).isEqualTo(before + 2);
      assertThat(log.list).hasSizeGreaterThanOrEqualTo(2);
      assertThat(log.list)
          .extracting(ILoggingEvent::getFormattedMessage)
          .allSatisfy(
              line ->
                  assertThat(line).doesNotContain(secret).doesNotContain(base64("alice:" + secret)))
          .anySatisfy(line -> assertThat(line).contains("Authentication failed"));
    } finally {
      logger.detachAppender(log);
    }
  }

  @Test
  void aChangedPasswordWorksWithoutRestartAndKeepsTheInstance() {
    String group = Names.unique("basic-rotation");
    String path = createdBy("bob", "bob-password", group);

    users.set("bob", "bob-new-password");

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> asBob("bob-new-password").get(path + "/subscription").then().statusCode(200));
    asBob("bob-password").get(path + "/subscription").then().statusCode(401);
    asBob("bob-new-password").delete(path).then().statusCode(204);
  }

  private String createdBy(String user, String password, String group) {
    return TestGateway.createInstance(
        gateway.givenAs(user, password), group, "{\"format\":\"json\"}");
  }

  private static RequestSpecification asBob(String password) {
    return gateway.givenAs("bob", password);
  }

  private static double rejected() {
    String metrics =
        RestAssured.given()
            .baseUri(gateway.baseUri())
            .auth()
            .preemptive()
            .basic("alice", ALICE_PASSWORD)
            .get("/metrics")
            .asString();
    return metrics
        .lines()
        .filter(line -> line.startsWith("sluice_auth_failures_total{reason=\"rejected\"}"))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .findFirst()
        .orElseThrow();
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
