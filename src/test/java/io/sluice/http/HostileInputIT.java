package io.sluice.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.hamcrest.Matchers.contains;

import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.support.Contract;
import io.sluice.support.Names;
import io.sluice.support.RawHttp;
import io.sluice.support.TestGateway;
import io.sluice.support.TestKafka;
import io.swagger.v3.oas.models.media.Schema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hundreds of malformed or hostile requests at every endpoint, sent byte for byte: each is refused
 * with a 4xx (or the one status that fits exactly) in the error envelope, with a message that names
 * nothing of the gateway's insides; afterwards the gateway still serves as before.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputIT {
  private static final TestGateway gateway = TestGateway.shared();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String V2 = TestGateway.V2;
  private static final List<String> INTERNALS =
      List.of(
          "com.fasterxml",
          "java.lang",
          "java.util",
          "org.apache",
          "org.eclipse",
          "io.javalin",
          "io.sluice",
          "Exception",
          "jakarta",
          "eclipse",
          "LinkedHashMap",
          "ArrayList",
          "Cannot deserialize value of type",
          "Cannot construct instance",
          "JsonToken",
          "StreamReadConstraints",
          "DeserializationFeature",
          "\tat ");

  private static final String GROUP = Names.unique("hostile");
  private static String topic;
  private static String fresh;
  private static String assigned;
  private static String subscribed;
  private static String missing;

  /**
   * A fresh instance (nothing subscribed), one assigned partition 0 of a two-partition topic (json
   * format), and one subscribed to that topic: the corpus aims at them and leaves them as they
   * were.
   */
  @BeforeAll
  static void instances() {
    topic = TestKafka.createTopic("hostile", 2);
    fresh = gateway.createInstance(GROUP, "{\"name\":\"fresh\"}");
    assigned =
        gateway.createInstance(
            GROUP, "{\"name\":\"assigned\",\"format\":\"json\",\"auto.commit.enable\":\"false\"}");
    gateway
        .given()
        .body("{\"partitions\":[{\"topic\":\"" + topic + "\",\"partition\":0}]}")
        .post(assigned + "/assignments")
        .then()
        .statusCode(204);
    // In a group of its own: a group with active members refuses the manual instance's commits.
    subscribed = gateway.createInstance(GROUP + "-members", "{\"name\":\"subscribed\"}");
    gateway.subscribe(subscribed, topic);
    missing = "/consumers/" + GROUP + "/instances/no-such-instance";
  }

  @AfterAll
  static void deleteInstances() {
    for (String path : List.of(fresh, assigned, subscribed)) {
      gateway.given().delete(path).then().statusCode(204);
    }
  }

  @Order(1)
  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("corpus")
  void hostileRequestIsRefusedInTheErrorEnvelope(HostileCorpus.Case hostile) {
    RawHttp.Answer answer = RawHttp.send("127.0.0.1", port(), hostile.bytes(authority()));

    String seen =
        hostile
            + " answered "
            + answer.status()
            + " "
            + answer.header("content-type")
            + " "
            + HostileCorpus.abbreviated(answer.text());
    if (hostile.status() == 0) {
      assertThat(answer.status()).as(seen).isBetween(400, 499);
    } else {
      assertThat(answer.status()).as(seen).isEqualTo(hostile.status());
    }
    assertThat(answer.header("content-type")).as(seen).isEqualTo(V2);
    JsonNode envelope = parse(answer, seen);
    assertThat(envelope.isObject()).as(seen).isTrue();
    assertThat(fieldNames(envelope)).as(seen).containsExactlyInAnyOrder("error_code", "message");
    assertThat(envelope.get("error_code").isInt()).as(seen).isTrue();
    assertThat(envelope.get("message").isTextual()).as(seen).isTrue();
    int code = envelope.get("error_code").asInt();
    assertThat(Integer.toString(code)).as(seen).startsWith(Integer.toString(answer.status()));
    if (hostile.code() != 0) {
      assertThat(code).as(seen).isEqualTo(hostile.code());
    }
    String message = envelope.get("message").asText();
    assertThat(message).as(seen).isNotBlank().hasSizeLessThanOrEqualTo(500);
    for (String internal : INTERNALS) {
      assertThat(message).as(seen).doesNotContain(internal);
    }
    assertMatchesTheContract(hostile, answer, seen);
  }

  @Order(2)
  @Test
  void gatewayServesNormallyAfterTheCorpus() {
    gateway.given().get("/health/live").then().statusCode(200);
    gateway
        .given()
        .get(assigned + "/assignments")
        .then()
        .statusCode(200)
        .body("partitions.partition", contains(0));
    gateway
        .given()
        .get(assigned + "/offsets?topic=" + topic + "&partition=0")
        .then()
        .statusCode(200);

    TestKafka.produce(
        List.of(
            new ProducerRecord<>(
                topic,
                1,
                "after".getBytes(StandardCharsets.UTF_8),
                "{\"survived\":true}".getBytes(StandardCharsets.UTF_8))));
    String path =
        gateway.createInstance(
            Names.unique("after-corpus"),
            "{\"format\":\"json\",\"auto.offset.reset\":\"earliest\"}");
    gateway.subscribe(path, topic);
    List<Map<String, Object>> records =
        gateway.fetchAll(path, "application/vnd.kafka.json.v2+json", 1);

    assertThat(records).extracting(r -> r.get("value")).contains(Map.of("survived", true));
    gateway.given().delete(path).then().statusCode(204);
  }

  static Stream<HostileCorpus.Case> corpus() {
    return HostileCorpus.of(
        new HostileCorpus.Targets(GROUP, topic, fresh, assigned, subscribed, missing))
        .stream();
  }

  // ---- Checking an answer against the API contract

  private static void assertMatchesTheContract(
      HostileCorpus.Case hostile, RawHttp.Answer answer, String seen) {
    Schema<?> envelope = Contract.api().getComponents().getSchemas().get("Error");
    ValidationReport report =
        Contract.schemas().validate(answer.text(), envelope, "validation.response.body");
    assertThat(report.getMessages()).as(seen).isEmpty();
    Request.Method method = specMethod(hostile.request().method);
    if (method == null) {
      return;
    }
    String path = hostile.request().target.split("\\?")[0];
    ValidationReport spec =
        Contract.validator()
            .validateResponse(
                path,
                method,
                SimpleResponse.Builder.status(answer.status())
                    .withContentType(answer.header("content-type"))
                    .withBody(answer.body())
                    .build());
    List<String> problems =
        spec.getMessages().stream()
            .filter(m -> !OUTSIDE_THE_SPEC.contains(m.getKey()))
            .filter(m -> !knownGap(hostile.request().method, answer.status(), m.getMessage()))
            .map(m -> m.getKey() + ": " + m.getMessage())
            .toList();
    assertThat(problems).as(seen).isEmpty();
  }

  /** Paths and methods the spec does not have: only the envelope is asked of their answers. */
  private static final Set<String> OUTSIDE_THE_SPEC =
      Set.of("validation.request.path.missing", "validation.request.operation.notAllowed");

  /** Statuses the spec does not list for an operation: Jetty's own, which come before any route. */
  private static boolean knownGap(String method, int status, String message) {
    boolean unlisted = message.startsWith("Response status " + status + " not defined");
    return unlisted && (status == 414 || status == 431 || status == 505);
  }

  private static Request.Method specMethod(String method) {
    for (Request.Method m : Request.Method.values()) {
      if (m.name().equals(method)) {
        return m;
      }
    }
    return null;
  }

  private static JsonNode parse(RawHttp.Answer answer, String seen) {
    try {
      return JSON.readTree(answer.body());
    } catch (IOException e) {
      return fail("Not JSON: " + seen, e);
    }
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static int port() {
    return Integer.parseInt(gateway.baseUri().substring(gateway.baseUri().lastIndexOf(':') + 1));
  }

  private static String authority() {
    return "127.0.0.1:" + port();
  }
}
