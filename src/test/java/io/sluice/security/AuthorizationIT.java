package io.sluice.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.specification.RequestSpecification;
import io.sluice.support.Names;
import io.sluice.support.TestGateway;
import io.sluice.support.TestKafka;
import io.sluice.support.UsersFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules file bounds what each principal may consume and produce, in every endpoint family; a
 * denial is 403/40301 naming what was denied.
 */
class AuthorizationIT {
  private static final String ALICE = "alice";
  private static TestGateway gateway;
  private static String prefix;
  private static String allowed;
  private static String forbidden;
  private static String publicTopic;

  @BeforeAll
  static void start() throws IOException {
    prefix = Names.unique("authz");
    allowed = TestKafka.createTopic(prefix + "-a-", 1);
    forbidden = TestKafka.createTopic(prefix + "-b-", 1);
    publicTopic = TestKafka.createTopic(prefix + "-public-", 1);
    Path rules = Files.createTempDirectory("sluice-rules-").resolve("rules.json");
    Files.writeString(
        rules,
        """
        {
          "alice": {"consume": {"groups": ["%1$s-a-*"], "topics": ["%1$s-a-*"]},
                    "produce": {"topics": ["%1$s-a-*"]}},
          "*": {"consume": {"groups": ["%1$s-shared-*"], "topics": ["%1$s-public-*"]}}
        }
        """
            .formatted(prefix));
    UsersFile users = UsersFile.of(Map.of(ALICE, "alice-password", "bob", "bob-password"));
    gateway =
        TestGateway.start(
            Map.of(
                "auth.mode", "basic",
                "auth.basic.users.file", users.path().toString(),
                "auth.rules.file", rules.toString()));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void creatingAnInstanceInAGroupNotAllowedIs403NamingTheGroup() {
    String group = prefix + "-b-group";

    alice()
        .body("{}")
        .post("/consumers/" + group)
        .then()
        .statusCode(403)
        .body("error_code", equalTo(40301))
        .body("message", containsString("consumer group " + group));
  }

  @Test
  void subscribingAssigningSeekingAndCommittingAForbiddenTopicAre403NamingIt() {
    String path = create(alice(), prefix + "-a-group-1");
    String partitions = "{\"partitions\":[{\"topic\":\"" + forbidden + "\",\"partition\":0}]}";
    String offsets =
        "{\"offsets\":[{\"topic\":\"" + forbidden + "\",\"partition\":0,\"offset\":0}]}";

    for (String[] request :
        List.of(
            new String[] {path + "/subscription", "{\"topics\":[\"" + forbidden + "\"]}"},
            new String[] {path + "/assignments", partitions},
            new String[] {path + "/positions", offsets},
            new String[] {path + "/positions/beginning", partitions},
            new String[] {path + "/positions/end", partitions},
            new String[] {path + "/offsets", offsets})) {
      alice()
          .body(request[1])
          .post(request[0])
          .then()
          .statusCode(403)
          .body("error_code", equalTo(40301))
          .body("message", containsString("topic " + forbidden));
    }
    alice()
        .queryParam("topic", forbidden)
        .queryParam("partition", 0)
        .get(path + "/offsets")
        .then()
        .statusCode(403);

    alice()
        .body("{\"topics\":[\"" + allowed + "\"]}")
        .post(path + "/subscription")
        .then()
        .statusCode(204);
    alice().delete(path).then().statusCode(204);
  }

  @Test
  void aTopicPatternOnlyEverYieldsAllowedTopics() {
    TestKafka.produce(
        List.of(
            new ProducerRecord<>(allowed, "a".getBytes(), "\"allowed\"".getBytes()),
            new ProducerRecord<>(forbidden, "b".getBytes(), "\"forbidden\"".getBytes())));
    String path = create(alice(), prefix + "-a-group-2");

    alice()
        .body("{\"topic_pattern\":\"" + prefix + "-.*\"}")
        .post(path + "/subscription")
        .then()
        .statusCode(204);

    List<Object> values = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              values.addAll(
                  alice()
                      .accept("application/vnd.kafka.json.v2+json")
                      .get(path + "/records?timeout=500")
                      .then()
                      .statusCode(200)
                      .extract()
                      .jsonPath()
                      .getList("value"));
              assertThat(values).contains("allowed");
            });
    List<String> assigned =
        alice()
            .get(path + "/assignments")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("partitions.topic", String.class);
    assertThat(assigned).containsOnly(allowed, publicTopic);
    assertThat(values).doesNotContain("forbidden");
    alice().delete(path).then().statusCode(204);
  }

  @Test
  void topicMetadataShowsOnlyTopicsThePrincipalMayUse() {
    List<String> topics =
        alice().get("/topics").then().statusCode(200).extract().jsonPath().getList("$");

    assertThat(topics).contains(allowed, publicTopic).doesNotContain(forbidden);
    for (String path :
        List.of(
            "/topics/" + forbidden,
            "/topics/" + forbidden + "/partitions",
            "/topics/" + forbidden + "/partitions/0")) {
      alice()
          .get(path)
          .then()
          .statusCode(403)
          .body("error_code", equalTo(40301))
          .body("message", containsString("topic " + forbidden));
    }
    alice().get("/topics/" + allowed).then().statusCode(200);
  }

  @Test
  void producingToATopicNotAllowedIs403AndToAnAllowedOneSucceeds() {
    String records = "{\"records\":[{\"value\":\"x\"}]}";

    alice()
        .contentType("application/vnd.kafka.json.v2+json")
        .body(records)
        .post("/topics/" + forbidden)
        .then()
        .statusCode(403)
        .body("error_code", equalTo(40301))
        .body("message", containsString("produce to topic " + forbidden));
    alice()
        .contentType("application/vnd.kafka.json.v2+json")
        .body(records)
        .post("/topics/" + allowed + "/partitions/0")
        .then()
        .statusCode(200);
  }

  @Test
  void theEveryoneRuleAppliesToPrincipalsWithoutOwnRules() {
    String path = create(bob(), prefix + "-shared-1");

    bob()
        .body("{\"topics\":[\"" + publicTopic + "\"]}")
        .post(path + "/subscription")
        .then()
        .statusCode(204);
    bob()
        .body("{\"topics\":[\"" + allowed + "\"]}")
        .post(path + "/subscription")
        .then()
        .statusCode(403);
    bob()
        .get("/consumers/" + prefix + "-a-group-1")
        .then()
        .statusCode(403)
        .body("error_code", equalTo(40301));
    bob().delete(path).then().statusCode(204);
  }

  private static String create(RequestSpecification as, String group) {
    return TestGateway.createInstance(
        as, group, "{\"format\":\"json\",\"auto.offset.reset\":\"earliest\"}");
  }

  private static RequestSpecification alice() {
    return gateway.givenAs(ALICE, "alice-password");
  }

  private static RequestSpecification bob() {
    return gateway.givenAs("bob", "bob-password");
  }
}
