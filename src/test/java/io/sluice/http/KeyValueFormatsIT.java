package io.sluice.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.response.Response;
import io.sluice.support.Json;
import io.sluice.support.Names;
import io.sluice.support.TestGateway;
import io.sluice.support.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupType;
import org.junit.jupiter.api.Test;

/**
 * Keys and values in formats of their own, as real topics hold them, and the per-instance Kafka
 * settings a create may carry.
 */
class KeyValueFormatsIT {
  private static final String BINARY = "application/vnd.kafka.binary.v2+json";
  private static final String JSON = "application/vnd.kafka.json.v2+json";
  private static final String TEXT = "application/vnd.kafka.text.v2+json";
  private static final TestGateway gateway = TestGateway.shared();

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String base64(String s) {
    return Base64.getEncoder().encodeToString(utf8(s));
  }

  /** A topic with a plain string key (a user id) and a JSON key, both with JSON values. */
  private static String userEvents() {
    String topic = TestKafka.createTopic("user-events", 1);
    TestKafka.produce(
        List.of(
            new ProducerRecord<>(topic, utf8("user-1"), utf8("{\"event\":\"login\"}")),
            new ProducerRecord<>(topic, utf8("{\"id\":1}"), utf8("[1,2]"))));
    return topic;
  }

  private static String subscribed(String topic, String createBody) {
    String path = gateway.createInstance(Names.unique("group"), createBody);
    gateway.subscribe(path, topic);
    return path;
  }

  /** The first GET records answer that holds records or an error. */
  private static Response firstAnswerWithSomething(String path, String accept) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> gateway.given().accept(accept).get(path + "/records?timeout=500"),
            answer -> answer.statusCode() != 200 || !answer.jsonPath().getList("$").isEmpty());
  }

  @Test
  void jsonInstanceReadsPlainStringKeysAsStringsAndEmbedsJsonKeysAndValues() {
    String topic = userEvents();
    String path = subscribed(topic, "{\"format\":\"json\",\"auto.offset.reset\":\"earliest\"}");

    List<Map<String, Object>> records = gateway.fetchAll(path, JSON, 2);

    assertThat(records).hasSize(2);
    assertThat(records.get(0))
        .containsEntry("key", "user-1")
        .containsEntry("value", Map.of("event", "login"));
    assertThat(records.get(1))
        .containsEntry("key", Map.of("id", 1))
        .containsEntry("value", List.of(1, 2));
  }

  @Test
  void explicitJsonKeyFormatIs42207OnAPlainStringKeyNamingKeyFormatAndThePosition() {
    String topic = userEvents();
    String path =
        subscribed(
            topic,
            "{\"format\":\"json\",\"key.format\":\"json\",\"auto.offset.reset\":\"earliest\"}");

    Response answer = firstAnswerWithSomething(path, JSON);

    answer
        .then()
        .statusCode(422)
        .contentType(TestGateway.V2)
        .body("error_code", equalTo(42207))
        .body("message", containsString("key.format"))
        .body("topic", equalTo(topic))
        .body("partition", equalTo(0))
        .body("offset", equalTo(0));
  }

  @Test
  void textKeysWithJsonValuesRenderEachPartInItsOwnFormat() {
    String topic = userEvents();
    String path =
        subscribed(
            topic,
            "{\"key.format\":\"text\",\"value.format\":\"json\",\"auto.offset.reset\":\"earliest\"}");

    List<Map<String, Object>> records = gateway.fetchAll(path, JSON, 2);

    assertThat(records.get(0))
        .containsEntry("key", "user-1")
        .containsEntry("value", Map.of("event", "login"));
    assertThat(records.get(1))
        .containsEntry("key", "{\"id\":1}")
        .containsEntry("value", List.of(1, 2));
  }

  @Test
  void binaryKeysWithJsonValuesRenderEachPartInItsOwnFormat() {
    String topic = userEvents();
    String path =
        subscribed(
            topic,
            "{\"format\":\"binary\",\"value.format\":\"json\",\"auto.offset.reset\":\"earliest\"}");

    List<Map<String, Object>> records = gateway.fetchAll(path, JSON, 2);

    assertThat(records.get(0))
        .containsEntry("key", base64("user-1"))
        .containsEntry("value", Map.of("event", "login"));
    assertThat(records.get(1))
        .containsEntry("key", base64("{\"id\":1}"))
        .containsEntry("value", List.of(1, 2));
  }

  /** A json-key, binary-value instance on a topic with a JSON key and a value that is not. */
  private static String jsonKeyBinaryValueInstance() {
    String topic = TestKafka.createTopic("value-binary", 1);
    TestKafka.produce(List.of(new ProducerRecord<>(topic, utf8("{\"id\":1}"), new byte[] {0, -1})));
    return subscribed(
        topic,
        "{\"format\":\"json\",\"value.format\":\"binary\",\"auto.offset.reset\":\"earliest\"}");
  }

  @Test
  void acceptNamingTheValueFormatIsServedWithEachPartInItsOwnFormat() {
    String path = jsonKeyBinaryValueInstance();

    List<Map<String, Object>> records = gateway.fetchAll(path, BINARY, 1);

    assertThat(records.get(0))
        .containsEntry("key", Map.of("id", 1))
        .containsEntry("value", Base64.getEncoder().encodeToString(new byte[] {0, -1}));
  }

  @Test
  void acceptNamingTheKeyFormatRatherThanTheValueFormatIs406() {
    String path = jsonKeyBinaryValueInstance();

    gateway
        .given()
        .accept(JSON)
        .get(path + "/records?timeout=0")
        .then()
        .statusCode(406)
        .contentType(TestGateway.V2)
        .body("error_code", equalTo(40601));
  }

  @Test
  void everyAllowListedClassicSettingIsAcceptedAndTheInstanceConsumes() throws Exception {
    String topic = TestKafka.createTopic("allow-list", 2);
    TestKafka.produce(List.of(new ProducerRecord<>(topic, null, utf8("tuned"))));
    String group = Names.unique("group");
    String staticId = Names.unique("static");
    String clientId = Names.unique("client");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("format", "text");
    body.put("auto.offset.reset", "earliest");
    body.put("group.instance.id", staticId);
    body.put("partition.assignment.strategy", "cooperative-sticky");
    body.put("session.timeout.ms", "10000");
    body.put("heartbeat.interval.ms", "2000");
    body.put("max.poll.interval.ms", "60000");
    body.put("max.poll.records", "50");
    body.put("isolation.level", "read_committed");
    body.put("client.id", clientId);
    body.put("auto.commit.interval.ms", "1000");

    String path = gateway.createInstance(group, Json.of(body));
    gateway.subscribe(path, topic);

    assertThat(gateway.fetchAll(path, TEXT, 1).get(0)).containsEntry("value", "tuned");
    MemberDescription member = onlyMember(group);
    assertThat(member.clientId()).isEqualTo(clientId);
    assertThat(member.groupInstanceId()).contains(staticId);
    gateway.given().delete(path).then().statusCode(204);
  }

  @Test
  void consumerGroupProtocolWithRemoteAssignorIsAcceptedAndTheInstanceConsumes() throws Exception {
    String topic = TestKafka.createTopic("kip848", 2);
    TestKafka.produce(List.of(new ProducerRecord<>(topic, null, utf8("new protocol"))));
    String group = Names.unique("group");

    String path =
        gateway.createInstance(
            group,
            "{\"format\":\"text\",\"auto.offset.reset\":\"earliest\","
                + "\"group.protocol\":\"consumer\",\"group.remote.assignor\":\"uniform\"}");
    gateway.subscribe(path, topic);

    assertThat(gateway.fetchAll(path, TEXT, 1).get(0)).containsEntry("value", "new protocol");
    assertThat(describe(group).type()).isEqualTo(GroupType.CONSUMER);
  }

  @Test
  void unknownFieldIs422NamingIt() {
    gateway
        .givenBadRequest()
        .body("{\"format\":\"json\",\"fetch.max.bytes\":\"1024\"}")
        .post("/consumers/" + Names.unique("group"))
        .then()
        .statusCode(422)
        .contentType(TestGateway.V2)
        .body("error_code", equalTo(422))
        .body("message", equalTo("Unrecognized field: fetch.max.bytes"));
  }

  @Test
  void consumerGroupProtocolWithSessionTimeoutIs42204CarryingKafkasReason() {
    gateway
        .given()
        .body("{\"group.protocol\":\"consumer\",\"session.timeout.ms\":\"10000\"}")
        .post("/consumers/" + Names.unique("group"))
        .then()
        .statusCode(422)
        .contentType(TestGateway.V2)
        .body("error_code", equalTo(42204))
        .body("message", containsString("session.timeout.ms cannot be set when group.protocol"));
  }

  private static MemberDescription onlyMember(String group) throws Exception {
    List<MemberDescription> members = List.copyOf(describe(group).members());
    assertThat(members).hasSize(1);
    return members.get(0);
  }

  private static ConsumerGroupDescription describe(String group) throws Exception {
    try (Admin admin = TestKafka.admin()) {
      return admin.describeConsumerGroups(List.of(group)).all().get().get(group);
    }
  }
}
