package io.sluice.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.specification.RequestSpecification;
import io.sluice.support.Names;
import io.sluice.support.TestGateway;
import io.sluice.support.TestKafka;
import io.sluice.support.UsersFile;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** An instance belongs to the principal that created it, and each principal holds a bounded few. */
class OwnershipIT {
  private static TestGateway gateway;
  private static String topic;

  @BeforeAll
  static void start() {
    UsersFile users =
        UsersFile.of(Map.of("alice", "alice-password", "bob", "bob-password", "carol", "carol-pw"));
    gateway =
        TestGateway.start(
            Map.of(
                "auth.mode", "basic",
                "auth.basic.users.file", users.path().toString(),
                "auth.max.instances.per.principal", "2"));
    topic = TestKafka.createTopic("owned", 1);
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  static Stream<Arguments> instanceOperations() {
    String partitions = "{\"partitions\":[{\"topic\":\"TOPIC\",\"partition\":0}]}";
    return Stream.of(
        Arguments.of("GET", "", null),
        Arguments.of("GET", "/lag", null),
        Arguments.of("POST", "/subscription", "{\"topics\":[\"TOPIC\"]}"),
        Arguments.of("GET", "/subscription", null),
        Arguments.of("DELETE", "/subscription", null),
        Arguments.of("POST", "/assignments", partitions),
        Arguments.of("GET", "/assignments", null),
        Arguments.of(
            "POST",
            "/positions",
            "{\"offsets\":[{\"topic\":\"TOPIC\",\"partition\":0,\"offset\":0}]}"),
        Arguments.of("POST", "/positions/beginning", partitions),
        Arguments.of("POST", "/positions/end", partitions),
        Arguments.of("GET", "/records", null),
        Arguments.of("POST", "/offsets", null),
        Arguments.of("GET", "/offsets", null),
        Arguments.of("DELETE", "", null));
  }

  @ParameterizedTest(name = "{0} instance{1}")
  @MethodSource("instanceOperations")
  void anotherPrincipalIsRefusedEveryOperationOnTheInstance(
      String method, String suffix, String body) {
    String group = Names.unique("owned");
    String path = create("alice", "alice-password", group);
    RequestSpecification bob = as("bob", "bob-password");
    if (body != null) {
      bob.body(body.replace("TOPIC", topic));
    }

    bob.request(method, path + suffix)
        .then()
        .statusCode(403)
        .body("error_code", equalTo(40301))
        .body("message", containsString("belongs to another principal"));

    as("alice", "alice-password").get(path + "/subscription").then().statusCode(200);
    as("alice", "alice-password").delete(path).then().statusCode(204);
  }

  @Test
  void listingsShowEachPrincipalOnlyItsOwnInstances() {
    String group = Names.unique("owned-list");
    String alices = create("alice", "alice-password", group);
    String bobs = create("bob", "bob-password", group);

    List<String> seenByAlice = ids("alice", "alice-password", group);
    List<String> seenByBob = ids("bob", "bob-password", group);

    assertThat(seenByAlice).containsExactly(id(alices));
    assertThat(seenByBob).containsExactly(id(bobs));
    as("alice", "alice-password").delete(alices).then().statusCode(204);
    as("bob", "bob-password").delete(bobs).then().statusCode(204);
  }

  @Test
  void aPrincipalBeyondItsInstanceQuotaIs429WhileOthersMayStillCreate() {
    String group = Names.unique("owned-quota");
    String first = create("carol", "carol-pw", group);
    String second = create("carol", "carol-pw", group);

    as("carol", "carol-pw")
        .body("{}")
        .post("/consumers/" + group)
        .then()
        .statusCode(429)
        .body("error_code", equalTo(42901))
        .body("message", containsString("auth.max.instances.per.principal"));
    String bobs = create("bob", "bob-password", group);

    as("carol", "carol-pw").delete(first).then().statusCode(204);
    String third = create("carol", "carol-pw", group);
    for (String path : List.of(second, third)) {
      as("carol", "carol-pw").delete(path).then().statusCode(204);
    }
    as("bob", "bob-password").delete(bobs).then().statusCode(204);
  }

  private static List<String> ids(String user, String password, String group) {
    return as(user, password)
        .get("/consumers/" + group + "/instances")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("instances.instance_id", String.class);
  }

  private static String id(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  private static String create(String user, String password, String group) {
    return TestGateway.createInstance(as(user, password), group, "{\"format\":\"json\"}");
  }

  private static RequestSpecification as(String user, String password) {
    return gateway.givenAs(user, password);
  }
}
