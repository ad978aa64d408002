package io.sluice.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.sluice.support.Json;
import io.sluice.support.Names;
import io.sluice.support.TestGateway;
import io.sluice.support.TestKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsumerLifecycleIT {
  private static final TestGateway gateway = TestGateway.shared();

  @Test
  void createAnswersInstanceIdAndBaseUri() {
    String group = Names.unique("group");

    gateway
        .given()
        .body("{\"name\":\"my-consumer\",\"format\":\"json\",\"auto.offset.reset\":\"earliest\"}")
        .post("/consumers/" + group)
        .then()
        .statusCode(200)
        .contentType(TestGateway.V2)
        .body("instance_id", equalTo("my-consumer"))
        .body(
            "base_uri",
            equalTo(gateway.baseUri() + "/consumers/" + group + "/instances/my-consumer"));
  }

  @Test
  void createWithoutBodyGeneratesAName() {
    gateway
        .given()
        .post("/consumers/" + Names.unique("group"))
        .then()
        .statusCode(200)
        .body("instance_id", startsWith("sluice-consumer-"));
  }

  @Test
  void createWithPlainJsonContentTypeIsAccepted() {
    gateway
        .given()
        .contentType("application/json")
        .body("{\"format\":\"binary\"}")
        .post("/consumers/" + Names.unique("group"))
        .then()
        .statusCode(200);
  }

  @Test
  void createTwiceWithTheSameNameIs40902() {
    String group = Names.unique("group");
    gateway.createInstance(group, "{\"name\":\"twin\"}");

    gateway
        .given()
        .body("{\"name\":\"twin\"}")
        .post("/consumers/" + group)
        .then()
        .statusCode(409)
        .contentType(TestGateway.V2)
        .body("error_code", equalTo(40902));
  }

  @Test
  void deleteAnswers204AndTheInstanceIsGone() {
    String path = gateway.createInstance(Names.unique("group"), "{}");

    gateway.given().delete(path).then().statusCode(204);

    gateway.given().delete(path).then().statusCode(404).body("error_code", equalTo(40403));
    gateway
        .given()
        .get(path + "/subscription")
        .then()
        .statusCode(404)
        .body("error_code", equalTo(40403));
  }

  @Test
  void deleteLeavesTheGroupAtOnce() {
    String group = Names.unique("group");
    String topic = TestKafka.createTopic("leave", 1);
    String path = gateway.createInstance(group, "{}");
    gateway.subscribe(path, topic);
    await().atMost(Duration.ofSeconds(30)).until(() -> TestKafka.members(group).size() == 1);

    gateway.given().delete(path).then().statusCode(204);

    assertThat(TestKafka.members(group)).isEmpty();
  }

  @Test
  void subscriptionCanBeSetReadAndRemoved() {
    String topicA = TestKafka.createTopic("sub-a", 1);
    String topicB = TestKafka.createTopic("sub-b", 1);
    String path = gateway.createInstance(Names.unique("group"), "{}");

    gateway.subscribe(path, topicB, topicA);

    gateway
        .given()
        .get(path + "/subscription")
        .then()
        .statusCode(200)
        .body("topics", equalTo(List.of(topicA, topicB).stream().sorted().toList()));
    gateway.given().delete(path + "/subscription").then().statusCode(204);
    gateway
        .given()
        .get(path + "/subscription")
        .then()
        .statusCode(200)
        .body("topics", equalTo(List.of()));
  }

  @Test
  void subscribeWithTopicPatternMatchesTopics() {
    String topic = TestKafka.createTopic("pattern", 1);
    String path = gateway.createInstance(Names.unique("group"), "{}");

    gateway
        .given()
        .body(Json.of(Map.of("topic_pattern", topic.replace("pattern", "patt.rn"))))
        .post(path + "/subscription")
        .then()
        .statusCode(204);

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                gateway
                    .given()
                    .get(path + "/subscription")
                    .then()
                    .body("topics", equalTo(List.of(topic))));
  }

  @Test
  void malformedJsonIs400() {
    gateway
        .givenBadRequest()
        .body("{\"name\": ")
        .post("/consumers/" + Names.unique("group"))
        .then()
        .statusCode(400)
        .contentType(TestGateway.V2)
        .body("error_code", equalTo(400))
        .body("message", startsWith("Malformed JSON"));
  }

  @Test
  void unknownFieldIs422NamingTheField() {
    gateway
        .givenBadRequest()
        .body("{\"name\":\"x\",\"colour\":\"blue\"}")
        .post("/consumers/" + Names.unique("group"))
        .then()
        .statusCode(422)
        .body("error_code", equalTo(422))
        .body("message", equalTo("Unrecognized field: colour"));
  }

  @Test
  void unknownFieldInSubscriptionIs422() {
    String path = gateway.createInstance(Names.unique("group"), "{}");

    gateway
        .givenBadRequest()
        .body("{\"topic\":[\"a\"]}")
        .post(path + "/subscription")
        .then()
        .statusCode(422)
        .body("message", equalTo("Unrecognized field: topic"));
  }

  @Test
  void badFormatIs422() {
    gateway
        .givenBadRequest()
        .body("{\"format\":\"xml\"}")
        .post("/consumers/" + Names.unique("group"))
        .then()
        .statusCode(422)
        .body("error_code", equalTo(422))
        .body("message", containsString("binary, json, text, avro, jsonschema or protobuf"));
  }

  @Test
  void badValuesAre422() {
    for (String body :
        List.of(
            "{\"auto.offset.reset\":\"sometimes\"}",
            "{\"auto.commit.enable\":\"yes\"}",
            "{\"fetch.min.bytes\":\"many\"}",
            "{\"consumer.request.timeout.ms\":-5}",
            "{\"name\":\"has space\"}",
            "{\"partition.assignment.strategy\":\"fastest\"}")) {
      gateway
          .givenBadRequest()
          .body(body)
          .post("/consumers/" + Names.unique("group"))
          .then()
          .statusCode(422)
          .body("error_code", equalTo(422));
    }
  }

  @Test
  void subscribeWithBothTopicsAndPatternIs422() {
    String path = gateway.createInstance(Names.unique("group"), "{}");

    gateway
        .givenBadRequest()
        .body("{\"topics\":[\"a\"],\"topic_pattern\":\"a.*\"}")
        .post(path + "/subscription")
        .then()
        .statusCode(422)
        .body("error_code", equalTo(422));
  }

  @Test
  void invalidTopicPatternIs422() {
    String path = gateway.createInstance(Names.unique("group"), "{}");

    gateway
        .given()
        .body("{\"topic_pattern\":\"([a-z\"}")
        .post(path + "/subscription")
        .then()
        .statusCode(422)
        .body("message", startsWith("Invalid topic_pattern"));
  }

  @Test
  void kafkaRejectedConsumerConfigIs42204() {
    gateway
        .given()
        .body("{\"group.protocol\":\"consumer\",\"session.timeout.ms\":\"10000\"}")
        .post("/consumers/" + Names.unique("group"))
        .then()
        .statusCode(422)
        .body("error_code", equalTo(42204))
        .body("message", containsString("session.timeout.ms"));
  }

  @Test
  void unsupportedContentTypeIs415() {
    gateway
        .givenBadRequest()
        .contentType("text/plain")
        .body("{}")
        .post("/consumers/" + Names.unique("group"))
        .then()
        .statusCode(415)
        .contentType(TestGateway.V2)
        .body("error_code", equalTo(415));
  }

  @Test
  void unknownPathIs404InTheEnvelope() {
    gateway
        .givenOutsideTheSpec()
        .get("/no/such/path")
        .then()
        .statusCode(404)
        .contentType(TestGateway.V2)
        .body("error_code", equalTo(404));
  }

  @Test
  void wrongMethodIs405InTheEnvelope() {
    gateway
        .givenOutsideTheSpec()
        .put("/consumers/" + Names.unique("group"))
        .then()
        .statusCode(405)
        .contentType(TestGateway.V2)
        .body("error_code", equalTo(405))
        .header("Allow", containsString("POST"));
  }

  @Test
  void fetchBeforeSubscribingIs40903() {
    String path = gateway.createInstance(Names.unique("group"), "{}");

    gateway
        .given()
        .get(path + "/records")
        .then()
        .statusCode(409)
        .body("error_code", equalTo(40903));
  }

  @Test
  void baseUriUsesTheAdvertisedUrlWhenConfigured() {
    String group = Names.unique("group");
    try (TestGateway advertised =
        TestGateway.start(Map.of("http.advertised.url", "https://sluice.example.com/"))) {
      advertised
          .given()
          .body("{\"name\":\"adv\"}")
          .post("/consumers/" + group)
          .then()
          .statusCode(200)
          .body(
              "base_uri",
              equalTo("https://sluice.example.com/consumers/" + group + "/instances/adv"));
    }
  }
}
