package io.sluice.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWTClaimsSet;
import io.restassured.specification.RequestSpecification;
import io.sluice.support.Json;
import io.sluice.support.Names;
import io.sluice.support.TestGateway;
import io.sluice.support.TestKafka;
import io.sluice.support.TestTokens;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/** {@code auth.mode=bearer} against the real broker: which tokens get in, whose instances are. */
class BearerAuthIT {
  private static final String ISSUER = "https://issuer.sluice.test";
  private static final String AUDIENCE = "sluice";
  private static final String CHALLENGE = "Bearer realm=\"sluice\"";
  private static final String JSON_RECORDS = "application/vnd.kafka.json.v2+json";
  private static final TestTokens tokens = TestTokens.create(ISSUER, AUDIENCE);
  private static TestGateway gateway;
  private static String topic;

  @BeforeAll
  static void start() {
    gateway = TestGateway.start(bearer(tokens.jwksFile().toString(), Map.of()));
    topic = TestKafka.createTopic("bearer", 1);
  }

  @AfterAll
  static void stop() {
    gateway.close();
    tokens.close();
  }

  @Test
  void aValidTokenIsServed() {
    as(tokens.token("svc-orders")).get("/brokers").then().statusCode(200);
  }

  @Test
  void aRefreshedTokenOfTheSameSubjectKeepsTheInstance() {
    TestKafka.produce(
        List.of(new ProducerRecord<>(topic, bytes("\"k\""), bytes("{\"order\":42}"))));
    String group = Names.unique("bearer-refresh");
    String first = tokens.token("svc-orders");
    String path = create(gateway, first, group);

    String refreshed = tokens.token("svc-orders");
    assertThat(refreshed).isNotEqualTo(first);
    as(refreshed)
        .body(Json.of(Map.of("topics", List.of(topic))))
        .post(path + "/subscription")
        .then()
        .statusCode(204);
    List<Map<String, Object>> records = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              records.addAll(fetch(refreshed, path));
              return !records.isEmpty();
            });

    assertThat(records.get(0)).containsEntry("value", Map.of("order", 42));
    as(refreshed).delete(path).then().statusCode(204);
  }

  @Test
  void aTokenOfAnotherSubjectIsRefusedTheInstance() {
    String group = Names.unique("bearer-owned");
    String path = create(gateway, tokens.token("svc-orders"), group);

    as(tokens.token("svc-billing"))
        .get(path + "/subscription")
        .then()
        .statusCode(403)
        .body("error_code", equalTo(40301))
        .body("message", containsString("belongs to another principal"));
    as(tokens.token("svc-billing")).delete(path).then().statusCode(403);

    as(tokens.token("svc-orders")).delete(path).then().statusCode(204);
  }

  @Test
  void theConfiguredPrincipalClaimNamesThePrincipal() {
    try (TestGateway byClient =
        TestGateway.start(
            bearer(
                tokens.jwksFile().toString(),
                Map.of("auth.bearer.principal.claim", "client_id")))) {
      String group = Names.unique("bearer-claim");
      String path = create(byClient, clientToken("orders-app", "user-1"), group);

      String sameClientOtherSubject = clientToken("orders-app", "user-2");
      String otherClientSameSubject = clientToken("billing-app", "user-1");

      as(byClient, sameClientOtherSubject).get(path + "/subscription").then().statusCode(200);
      as(byClient, otherClientSameSubject)
          .get(path + "/subscription")
          .then()
          .statusCode(403)
          .body("error_code", equalTo(40301));
      as(byClient, tokens.token("user-1"))
          .get(path + "/subscription")
          .then()
          .statusCode(401)
          .body("error_code", equalTo(40101));
      as(byClient, tokens.token(tokens.claims("user-1").claim("client_id", 42).build()))
          .get(path + "/subscription")
          .then()
          .statusCode(401)
          .body("error_code", equalTo(40101));
      as(byClient, sameClientOtherSubject).delete(path).then().statusCode(204);
    }
  }

  static Stream<Arguments> refusedAuthorizations() {
    String good = tokens.token("svc-orders");
    String[] parts = good.split("\\.");
    Instant now = Instant.now();
    return Stream.of(
        Arguments.of("no Authorization header", null),
        Arguments.of("the scheme alone", "Bearer"),
        Arguments.of("the scheme and a space", "Bearer "),
        Arguments.of("not base64", "Bearer %%%not-a-token%%%"),
        Arguments.of("garbage in three parts", "Bearer a.b.c"),
        Arguments.of("no signature part", "Bearer " + parts[0] + "." + parts[1]),
        Arguments.of("an empty signature", "Bearer " + parts[0] + "." + parts[1] + "."),
        Arguments.of("cut in the middle", "Bearer " + good.substring(0, good.length() / 2)),
        Arguments.of("alg none", "Bearer " + tokens.unsignedToken("svc-orders")),
        Arguments.of("signed by another key", "Bearer " + tokens.tokenFromAnotherKey("svc-orders")),
        Arguments.of("HMAC keyed with the public key", "Bearer " + tokens.hmacToken("svc-orders")),
        Arguments.of("encrypted to the public key (JWE)", "Bearer " + encryptedToken("svc-orders")),
        Arguments.of(
            "expired beyond the clock skew",
            "Bearer "
                + tokens.token(
                    tokens
                        .claims("svc-orders")
                        .issueTime(Date.from(now.minus(Duration.ofMinutes(20))))
                        .expirationTime(Date.from(now.minus(Duration.ofMinutes(10))))
                        .build())),
        Arguments.of(
            "not yet valid",
            "Bearer "
                + tokens.token(
                    tokens
                        .claims("svc-orders")
                        .notBeforeTime(Date.from(now.plus(Duration.ofMinutes(10))))
                        .build())),
        Arguments.of(
            "another audience",
            "Bearer " + tokens.token(tokens.claims("svc-orders").audience("other").build())),
        Arguments.of(
            "another issuer",
            "Bearer "
                + tokens.token(
                    tokens.claims("svc-orders").issuer("https://other.issuer.test").build())),
        Arguments.of(
            "no principal claim",
            "Bearer " + tokens.token(tokens.claims("svc-orders").subject(null).build())),
        Arguments.of(
            "Basic credentials",
            "Basic "
                + Base64.getEncoder()
                    .encodeToString("svc-orders:password".getBytes(StandardCharsets.UTF_8))),
        Arguments.of(
            "a 6 KB token of an unknown issuer",
            "Bearer "
                + tokens.token(
                    tokens
                        .claims("svc-orders")
                        .issuer("https://other.issuer.test")
                        .claim("padding", "x".repeat(4400))
                        .build())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedAuthorizations")
  void missingMalformedAndRefusedTokensAre401WithTheBearerChallengeNeverA500(
      String what, String authorization) {
    RequestSpecification request = gateway.givenBadRequest();
    if (authorization != null) {
      request.header("Authorization", authorization);
    }

    request
        .get("/topics")
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", CHALLENGE)
        .body("error_code", equalTo(40101))
        .body("message", startsWith("Authentication required"));
  }

  @Test
  void aSixKilobyteTokenIsStillReadAndVerified() {
    String big =
        tokens.token(tokens.claims("svc-orders").claim("padding", "x".repeat(4400)).build());

    assertThat(big.length()).isBetween(5_800, 7_500);
    as(big).get("/brokers").then().statusCode(200);
  }

  /**
   * Jetty refuses headers beyond its 8 KiB limit before any authentication runs: 431, in the JSON
   * error envelope.
   */
  @Test
  void anAuthorizationFarOverTheHeaderLimitIs431WithTheErrorEnvelope() {
    gateway
        .givenOutsideTheSpec()
        .header("Authorization", "Bearer " + "x".repeat(20 * 1024))
        .get("/topics")
        .then()
        .statusCode(431)
        .body("error_code", equalTo(431))
        .body("message", containsString("send fewer or shorter headers"));
  }

  @Test
  void refusedTokensAreLoggedWithoutTheTokenOrItsClaims() {
    String subject = Names.unique("leaky-subject");
    String wrongIssuer = "https://" + Names.unique("leaky-issuer") + ".test";
    String refused = tokens.token(tokens.claims(subject).issuer(wrongIssuer).build());
    Logger logger = (Logger) LoggerFactory.getLogger(Security.class);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    logger.addAppender(log);
    try {
      as(refused).get("/topics").then().statusCode(401);

      assertThat(log.list)
          .extracting(ILoggingEvent::getFormattedMessage)
          .anySatisfy(line -> assertThat(line).contains("Authentication failed"))
          .allSatisfy(
              line ->
                  assertThat(line)
                      .doesNotContain(refused)
                      .doesNotContain(refused.split("\\.")[1])
                      .doesNotContain(subject)
                      .doesNotContain(wrongIssuer));
    } finally {
      logger.detachAppender(log);
    }
  }

  @Test
  void aTokenExpiredWithinTheClockSkewIsAccepted() {
    Instant now = Instant.now();
    String justExpired =
        tokens.token(
            tokens
                .claims("svc-orders")
                .issueTime(Date.from(now.minus(Duration.ofMinutes(10))))
                .expirationTime(Date.from(now.minus(Duration.ofSeconds(30))))
                .build());

    as(justExpired).get("/brokers").then().statusCode(200);
  }

  @Test
  void aJwksServedByUrlVerifiesTokensToo() {
    try (TestGateway byUrl = TestGateway.start(bearer(tokens.serveJwks().toString(), Map.of()))) {
      as(byUrl, tokens.token("svc-orders")).get("/brokers").then().statusCode(200);
      as(byUrl, tokens.tokenFromAnotherKey("svc-orders"))
          .get("/brokers")
          .then()
          .statusCode(401)
          .header("WWW-Authenticate", CHALLENGE)
          .body("error_code", equalTo(40101));
    }
  }

  @Test
  void aJwksUrlThatDoesNotAnswerIs503SoClientsRetryInsteadOfLoggingInAgain() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    String deadUrl = "http://127.0.0.1:" + closedPort + "/jwks.json";
    try (TestGateway byDeadUrl = TestGateway.start(bearer(deadUrl, Map.of()))) {
      as(byDeadUrl, tokens.token("svc-orders"))
          .get("/brokers")
          .then()
          .statusCode(503)
          .body("error_code", equalTo(50302))
          .body("message", containsString("auth.bearer.jwks"));
    }
  }

  private static Map<String, String> bearer(String jwks, Map<String, String> more) {
    Map<String, String> settings =
        new HashMap<>(
            Map.of(
                "auth.mode", "bearer",
                "auth.bearer.jwks", jwks,
                "auth.bearer.issuer", ISSUER,
                "auth.bearer.audience", AUDIENCE));
    settings.putAll(more);
    return settings;
  }

  /** Good claims, not signed but encrypted to the gateway's own public key, as anyone can. */
  private static String encryptedToken(String subject) {
    try {
      RSAKey publicKey = JWKSet.parse(tokens.jwksJson()).getKeys().get(0).toRSAKey();
      EncryptedJWT jwt =
          new EncryptedJWT(
              new JWEHeader(JWEAlgorithm.RSA_OAEP_256, EncryptionMethod.A128GCM),
              tokens.claims(subject).build());
      jwt.encrypt(new RSAEncrypter(publicKey));
      return jwt.serialize();
    } catch (ParseException | JOSEException e) {
      throw new IllegalStateException("Cannot encrypt a token", e);
    }
  }

  private static String clientToken(String clientId, String subject) {
    JWTClaimsSet claims = tokens.claims(subject).claim("client_id", clientId).build();
    return tokens.token(claims);
  }

  private static String create(TestGateway target, String token, String group) {
    return TestGateway.createInstance(
        as(target, token), group, "{\"format\":\"json\",\"auto.offset.reset\":\"earliest\"}");
  }

  private static List<Map<String, Object>> fetch(String token, String path) {
    return as(token)
        .accept(JSON_RECORDS)
        .get(path + "/records?timeout=500")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("$");
  }

  private static RequestSpecification as(String token) {
    return as(gateway, token);
  }

  private static RequestSpecification as(TestGateway target, String token) {
    return target.given().header("Authorization", "Bearer " + token);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
