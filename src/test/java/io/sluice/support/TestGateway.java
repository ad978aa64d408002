package io.sluice.support;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import io.sluice.Gateway;
import io.sluice.config.ConfigLoader;
import io.sluice.consumer.ConsumerInstance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;

/** A real gateway on a free loopback port, talking to the tests' broker. */
public final class TestGateway implements AutoCloseable {
  public static final String V2 = "application/vnd.kafka.v2+json";

  private final Gateway gateway;

  private TestGateway(Gateway gateway) {
    this.gateway = gateway;
  }

  /** Starts a gateway; {@code overrides} are configuration keys as in a properties file. */
  public static TestGateway start(Map<String, String> overrides) {
    Map<String, String> config = new HashMap<>();
    config.put("http.host", "127.0.0.1");
    config.put("http.port", "0");
    config.put("kafka.bootstrap.servers", TestBroker.bootstrapServers());
    config.putAll(overrides);
    return new TestGateway(Gateway.start(ConfigLoader.resolve(config)));
  }

  public static TestGateway start() {
    return start(Map.of());
  }

  private static TestGateway shared;

  /**
   * One gateway with the default settings for every test class that needs nothing special; it stops
   * with the JVM. Tests stay apart through unique group and topic names.
   */
  public static synchronized TestGateway shared() {
    if (shared == null) {
      shared = start();
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
    }
    return shared;
  }

  /**
   * The live instance behind {@code path} ({@code /consumers/g/instances/i}), for its insides;
   * looking is no use of it (no acknowledgement, no expiry reset).
   */
  public ConsumerInstance instance(String path) {
    String[] parts = path.split("/");
    return gateway.consumers().inspect(parts[2], parts[4]);
  }

  public String baseUri() {
    return "http://127.0.0.1:" + port();
  }

  public int port() {
    return gateway.port();
  }

  /**
   * A request to this gateway with the v2 media type, as REST Proxy clients send it. The request
   * and its answer must both match {@code openapi/sluice.yaml}, or the request fails.
   */
  public RequestSpecification given() {
    return unvalidated().filter(Contract.validating());
  }

  /**
   * A request the spec forbids (an unknown field, a bad value, malformed JSON, a wrong media type),
   * sent on purpose to see it refused: only the answer must match the spec.
   */
  public RequestSpecification givenBadRequest() {
    return unvalidated().filter(Contract.validatingAnswers());
  }

  /**
   * A request to a path or method the spec does not have: the answer must still be the spec's error
   * envelope.
   */
  public RequestSpecification givenOutsideTheSpec() {
    return unvalidated().filter(Contract.errorEnvelope());
  }

  private RequestSpecification unvalidated() {
    return RestAssured.given().baseUri(baseUri()).contentType(V2);
  }

  /** A request as {@code user} (HTTP Basic, sent at once), held to the spec like {@link #given}. */
  public RequestSpecification givenAs(String user, String password) {
    return given().auth().preemptive().basic(user, password);
  }

  /** Creates an instance in {@code group} with this JSON body; answers its path. */
  public String createInstance(String group, String body) {
    return createInstance(given(), group, body);
  }

  /** Creates an instance with this request (as some principal); answers its path. */
  public static String createInstance(RequestSpecification request, String group, String body) {
    String baseUri =
        request
            .body(body)
            .post("/consumers/" + group)
            .then()
            .statusCode(200)
            .extract()
            .path("base_uri");
    return baseUri.substring(baseUri.indexOf("/consumers/"));
  }

  /** Subscribes the instance at {@code path} to these topics. */
  public void subscribe(String path, String... topics) {
    given()
        .body(Json.of(Map.of("topics", List.of(topics))))
        .post(path + "/subscription")
        .then()
        .statusCode(204);
  }

  /** One GET records answer, as parsed JSON objects. */
  public List<Map<String, Object>> fetch(String path, String accept, String query) {
    return given()
        .accept(accept)
        .get(path + "/records" + query)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("$");
  }

  /** Fetches until {@code count} records arrived (or fails after 30 s); answers them in order. */
  public List<Map<String, Object>> fetchAll(String path, String accept, int count) {
    List<Map<String, Object>> received = new ArrayList<>();
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              received.addAll(fetch(path, accept, "?timeout=500"));
              return received.size() >= count;
            });
    return received;
  }

  @Override
  public void close() {
    gateway.close();
  }
}
