package io.sluice.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.sluice.support.Names;
import io.sluice.support.SaslBroker;
import io.sluice.support.TestGateway;
import io.sluice.support.UsersFile;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code auth.kafka.passthrough=true}: each caller consumes and produces with its own SASL PLAIN
 * login, so a broker running Kafka's {@code StandardAuthorizer} with real ACLs decides; the gateway
 * has no rules file and would allow everything itself.
 */
class KafkaPassthroughIT {
  private static final String ALICE_PASSWORD = "alice-" + Names.unique("kafka");
  private static final String BOB_PASSWORD = "bob-" + Names.unique("kafka");
  private static SaslBroker broker;
  private static TestGateway gateway;
  private static String readable;
  private static String secret;
  private static String group;

  @BeforeAll
  static void start() throws Exception {
    broker = SaslBroker.start(Map.of("alice", ALICE_PASSWORD, "bob", BOB_PASSWORD));
    readable = Names.unique("pass-readable");
    secret = Names.unique("pass-secret");
    group = Names.unique("pass-group");
    broker.createTopic(readable, 1);
    broker.createTopic(secret, 1);
    broker.allow(
        "alice",
        ResourceType.TOPIC,
        readable,
        PatternType.LITERAL,
        AclOperation.READ,
        AclOperation.WRITE,
        AclOperation.DESCRIBE);
    broker.allow("alice", ResourceType.GROUP, group, PatternType.LITERAL, AclOperation.READ);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            broker.adminConfig(), new ByteArraySerializer(), new ByteArraySerializer())) {
      for (String topic : List.of(readable, secret)) {
        producer
            .send(
                new ProducerRecord<>(
                    topic, ("\"in " + topic + "\"").getBytes(StandardCharsets.UTF_8)))
            .get();
      }
    }
    Map<String, String> settings = new HashMap<>();
    broker.adminConfig().forEach((key, value) -> settings.put("kafka." + key, value.toString()));
    settings.put("auth.mode", "basic");
    settings.put(
        "auth.basic.users.file",
        UsersFile.of(Map.of("alice", ALICE_PASSWORD, "bob", BOB_PASSWORD, "carol", "carol-pw"))
            .path()
            .toString());
    settings.put("auth.kafka.passthrough", "true");
    gateway = TestGateway.start(settings);
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void aCallerReadsWhatItsKafkaAclsAllowWithItsOwnLogin() {
    String path = create("alice", ALICE_PASSWORD, group);
    as("alice", ALICE_PASSWORD)
        .body("{\"topics\":[\"" + readable + "\"]}")
        .post(path + "/subscription")
        .then()
        .statusCode(204);

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(records("alice", ALICE_PASSWORD, path).jsonPath().getList("value"))
                    .containsExactly("in " + readable));
    as("alice", ALICE_PASSWORD).post(path + "/offsets").then().statusCode(200);
    as("alice", ALICE_PASSWORD).delete(path).then().statusCode(204);
  }

  @Test
  void aTopicWithoutAnAclForTheCallerIs403FromKafka() {
    String path = create("alice", ALICE_PASSWORD, group);

    as("alice", ALICE_PASSWORD)
        .body("{\"topics\":[\"" + secret + "\"]}")
        .post(path + "/subscription")
        .then()
        .statusCode(403)
        .body("error_code", equalTo(40301))
        .body("message", containsString("Not authorized by Kafka"));
    as("alice", ALICE_PASSWORD).delete(path).then().statusCode(204);
  }

  @Test
  void aGroupWithoutAnAclForTheCallerIs403FromKafka() {
    String path = create("bob", BOB_PASSWORD, group);

    as("bob", BOB_PASSWORD)
        .body("{\"topics\":[\"" + readable + "\"]}")
        .post(path + "/subscription")
        .then()
        .statusCode(403)
        .body("error_code", equalTo(40301))
        .body("message", containsString("Not authorized by Kafka"));
    as("bob", BOB_PASSWORD).delete(path).then().statusCode(204);
  }

  @Test
  void producingWithTheCallersLoginIsJudgedByKafkaPerRecord() {
    String records = "{\"records\":[{\"value\":\"from alice\"}]}";

    as("alice", ALICE_PASSWORD)
        .contentType("application/vnd.kafka.json.v2+json")
        .body(records)
        .post("/topics/" + readable)
        .then()
        .statusCode(200)
        .body("offsets[0].offset", equalTo(1));
    as("alice", ALICE_PASSWORD)
        .contentType("application/vnd.kafka.json.v2+json")
        .body(records)
        .post("/topics/" + secret)
        .then()
        .body("offsets[0].error_code", equalTo(40301));
  }

  @Test
  void aUserTheGatewayKnowsButKafkaDoesNotIs401FromKafka() {
    String path = create("carol", "carol-pw", group);

    as("carol", "carol-pw")
        .body("{\"topics\":[\"" + readable + "\"]}")
        .post(path + "/subscription")
        .then()
        .statusCode(401)
        .body("error_code", equalTo(40101))
        .body("message", containsString("Kafka authentication failed"));
    as("carol", "carol-pw").delete(path).then().statusCode(204);
  }

  private static Response records(String user, String password, String path) {
    return as(user, password)
        .accept("application/vnd.kafka.json.v2+json")
        .get(path + "/records?timeout=1000");
  }

  private static String create(String user, String password, String group) {
    return TestGateway.createInstance(
        as(user, password), group, "{\"format\":\"json\",\"auto.offset.reset\":\"earliest\"}");
  }

  private static RequestSpecification as(String user, String password) {
    return gateway.givenAs(user, password);
  }
}
