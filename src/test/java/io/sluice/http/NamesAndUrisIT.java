package io.sluice.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.response.Response;
import io.sluice.support.Json;
import io.sluice.support.Names;
import io.sluice.support.TestGateway;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Names Kafka could never hold are refused where they come in, and the URIs the gateway answers
 * work as they are, whatever the group is called.
 */
class NamesAndUrisIT {
  private static final TestGateway gateway = TestGateway.shared();

  /** Topic names Kafka refuses, each with a piece of the message that names its problem. */
  private static final Map<String, String> INVALID_TOPICS =
      Map.ofEntries(
          Map.entry("", "Invalid topic name: \"\";"),
          Map.entry("bad topic", "Invalid topic name: \"bad topic\";"),
          Map.entry("a/b", "Invalid topic name: \"a/b\";"),
          Map.entry("t".repeat(250), "(250 characters); topic names are 1 to 249 characters"),
          Map.entry("..", "Invalid topic name: \"..\";"));

  private static void assertInvalidTopic(Response answer, String problem) {
    answer
        .then()
        .statusCode(422)
        .contentType(TestGateway.V2)
        .body("error_code", equalTo(422))
        .body("message", startsWith("Invalid topic name"))
        .body("message", containsString(problem));
  }

  @Test
  void invalidTopicNamesAre422OnSubscribe() {
    String path = gateway.createInstance(Names.unique("group"), "{}");

    INVALID_TOPICS.forEach(
        (topic, problem) ->
            assertInvalidTopic(
                gateway
                    .givenBadRequest()
                    .body(Json.of(Map.of("topics", List.of(topic))))
                    .post(path + "/subscription"),
                problem));

    gateway
        .given()
        .get(path + "/subscription")
        .then()
        .statusCode(200)
        .body("topics", equalTo(List.of()));
  }

  @Test
  void invalidTopicNamesAre422OnAssign() {
    String path = gateway.createInstance(Names.unique("group"), "{}");

    INVALID_TOPICS.forEach(
        (topic, problem) ->
            assertInvalidTopic(
                gateway
                    .givenBadRequest()
                    .body(
                        Json.of(
                            Map.of("partitions", List.of(Map.of("topic", topic, "partition", 0)))))
                    .post(path + "/assignments"),
                problem));

    gateway
        .given()
        .get(path + "/assignments")
        .then()
        .statusCode(200)
        .body("partitions", equalTo(List.of()));
  }

  @Test
  void invalidTopicNamesAre422OnSeek() {
    String path = gateway.createInstance(Names.unique("group"), "{}");

    INVALID_TOPICS.forEach(
        (topic, problem) ->
            assertInvalidTopic(
                gateway
                    .givenBadRequest()
                    .body(
                        Json.of(
                            Map.of(
                                "offsets",
                                List.of(Map.of("topic", topic, "partition", 0, "offset", 3)))))
                    .post(path + "/positions"),
                problem));
  }

  @Test
  void invalidTopicNamesAre422OnCommit() {
    String path = gateway.createInstance(Names.unique("group"), "{}");

    INVALID_TOPICS.forEach(
        (topic, problem) ->
            assertInvalidTopic(
                gateway
                    .givenBadRequest()
                    .body(
                        Json.of(
                            Map.of(
                                "offsets",
                                List.of(Map.of("topic", topic, "partition", 0, "offset", 3)))))
                    .post(path + "/offsets"),
                problem));
  }

  @Test
  void invalidTopicNamesAre422WhenReadingCommittedOffsets() {
    String path = gateway.createInstance(Names.unique("group"), "{}");

    INVALID_TOPICS.forEach(
        (topic, problem) ->
            assertInvalidTopic(
                gateway
                    .givenBadRequest()
                    .queryParam("topic", topic)
                    .queryParam("partition", 0)
                    .get(path + "/offsets"),
                problem));
  }

  @Test
  void invalidTopicPatternIs422NamingTheProblem() {
    String path = gateway.createInstance(Names.unique("group"), "{}");

    gateway
        .given()
        .body("{\"topic_pattern\":\"(\"}")
        .post(path + "/subscription")
        .then()
        .statusCode(422)
        .contentType(TestGateway.V2)
        .body("error_code", equalTo(422))
        .body("message", startsWith("Invalid topic_pattern"))
        .body("message", containsString("Unclosed group"));
  }

  @Test
  void groupWithSlashAndUmlautYieldsABaseUriThatWorksAsIs() {
    String group = Names.unique("ü/x");

    String baseUri = createIn(group);

    assertUsableAsIs(baseUri, group);
  }

  @Test
  void groupWithEmojiYieldsABaseUriThatWorksAsIs() {
    String group = Names.unique("orders-🚀");

    String baseUri = createIn(group);

    assertUsableAsIs(baseUri, group);
  }

  /** Creates an instance named {@code me} in {@code group}, sending the name percent-encoded. */
  private static String createIn(String group) {
    String encoded = URLEncoder.encode(group, StandardCharsets.UTF_8).replace("+", "%20");
    return gateway
        .given()
        .urlEncodingEnabled(false)
        .body("{\"name\":\"me\"}")
        .post("/consumers/" + encoded)
        .then()
        .statusCode(200)
        .body("instance_id", equalTo("me"))
        .extract()
        .path("base_uri");
  }

  private static void assertUsableAsIs(String baseUri, String group) {
    URI uri = URI.create(baseUri);
    assertThat(uri.getRawPath()).matches("\\p{ASCII}*");
    String[] segments = uri.getRawPath().split("/");
    assertThat(segments).hasSize(5);
    assertThat(segments[1]).isEqualTo("consumers");
    assertThat(URLDecoder.decode(segments[2], StandardCharsets.UTF_8)).isEqualTo(group);
    assertThat(segments[3]).isEqualTo("instances");
    assertThat(segments[4]).isEqualTo("me");

    gateway
        .given()
        .urlEncodingEnabled(false)
        .get(baseUri + "/subscription")
        .then()
        .statusCode(200)
        .body("topics", equalTo(List.of()));
    gateway.given().urlEncodingEnabled(false).delete(baseUri).then().statusCode(204);
    gateway
        .given()
        .urlEncodingEnabled(false)
        .get(baseUri + "/subscription")
        .then()
        .statusCode(404)
        .body("error_code", equalTo(40403));
  }
}
