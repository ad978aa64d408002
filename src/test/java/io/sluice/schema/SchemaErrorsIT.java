package io.sluice.schema;

import static io.sluice.schema.Orders.NEW_ORDER;
import static io.sluice.schema.Orders.ORDER;
import static io.sluice.schema.Orders.PAID_ORDER;
import static io.sluice.schema.SchemaClient.AVRO;
import static io.sluice.schema.SchemaClient.body;
import static io.sluice.schema.SchemaClient.endOffset;
import static io.sluice.schema.SchemaClient.offsets;
import static io.sluice.schema.SchemaClient.tree;
import static io.sluice.schema.SchemaClient.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.response.Response;
import io.sluice.support.Names;
import io.sluice.support.TestGateway;
import io.sluice.support.TestKafka;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Records that cannot be rendered in their schema format stay in place as 42207 until the client
 * seeks past them; produce requests that do not fit their schema send nothing; without a registry
 * the schema formats are refused.
 */
class SchemaErrorsIT {
  private static TestGateway gateway;
  private static SchemaClient client;

  @BeforeAll
  static void start() {
    client = SchemaClient.shared();
    gateway = client.gateway();
  }

  /** An avro order produced through the gateway behind whatever the topic holds; its schema id. */
  private static int produceGoodOrder(String topic) {
    return client
        .produce(topic, AVRO, body(Map.of("value_schema", ORDER), null, List.of(PAID_ORDER)))
        .get("value_schema_id")
        .intValue();
  }

  private static void produceRaw(String topic, byte[] value) {
    TestKafka.produce(List.of(new ProducerRecord<>(topic, null, value)));
  }

  /**
   * The record at offset 0 is refused as 42207 with its position, again on the next fetch, and the
   * good record behind it is delivered once the client seeks past it.
   */
  private static void assertRefusedInPlaceUntilSoughtPast(String topic, String why) {
    String path = client.instance(Names.unique("group"), Map.of("format", "avro"));
    client.assign(path, topic);

    Response refused = client.fetchUntilRefused(path, AVRO);
    Response again = client.refusedFetch(path, AVRO);
    client.seek(path, topic, 1);
    List<JsonNode> records = client.fetchAll(path, AVRO, 1);

    for (Response answer : List.of(refused, again)) {
      answer
          .then()
          .statusCode(422)
          .body("error_code", equalTo(42207))
          .body("topic", equalTo(topic))
          .body("partition", equalTo(0))
          .body("offset", equalTo(0))
          .body(
              "message",
              allOf(
                  startsWith("The record at topic " + topic + ", partition 0, offset 0 "),
                  containsString("cannot be rendered as avro: its value " + why + ". "),
                  containsString("Seek past offset 0")));
    }
    assertThat(offsets(records)).containsExactly(1L);
    assertThat(values(records)).containsExactly(tree(PAID_ORDER));
  }

  @Test
  void aPlainJsonRecordIs42207UntilTheClientSeeksPastIt() {
    String topic = TestKafka.createTopic("plain-json", 1);
    produceRaw(topic, "{\"id\":1}".getBytes(StandardCharsets.UTF_8));
    produceGoodOrder(topic);

    assertRefusedInPlaceUntilSoughtPast(
        topic, "is not in the Confluent wire format: first byte is 0x7b, not 0");
  }

  @Test
  void aRecordFramedWithASchemaIdTheRegistryDoesNotKnowIs42207UntilTheClientSeeksPastIt() {
    String topic = TestKafka.createTopic("unknown-id", 1);
    produceRaw(topic, WireFormat.frame(987654, new byte[] {2}));
    produceGoodOrder(topic);

    assertRefusedInPlaceUntilSoughtPast(
        topic, "cannot be read: schema id 987654 is not in the schema registry");
  }

  @Test
  void aJsonSchemaRecordReadByAnAvroInstanceIs42207UntilTheClientSeeksPastIt() {
    String topic = TestKafka.createTopic("wrong-type", 1);
    int id =
        SchemaClient.register(
            Names.unique("json") + "-value",
            "JSON",
            "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"}}}");
    produceRaw(topic, WireFormat.frame(id, "{\"a\":1}".getBytes(StandardCharsets.UTF_8)));
    produceGoodOrder(topic);

    assertRefusedInPlaceUntilSoughtPast(
        topic, "cannot be read: schema id " + id + " is a JSON schema, not an Avro schema");
  }

  @Test
  void aBatchWhoseSecondRecordDoesNotFitTheSchemaNamesItAndSendsNothing() {
    String topic = TestKafka.createTopic("misfit", 1);
    int id = produceGoodOrder(topic);
    String misfit = NEW_ORDER.replace("\"id\": 2", "\"id\": \"two\"");

    gateway
        .givenBadRequest()
        .contentType(AVRO)
        .body(body(Map.of("value_schema", ORDER), null, List.of(PAID_ORDER, misfit, NEW_ORDER)))
        .post("/topics/" + topic)
        .then()
        .statusCode(422)
        .body("error_code", equalTo(422))
        .body(
            "message",
            allOf(
                startsWith("records[1]: the value does not match Avro schema id " + id + ": "),
                endsWith("; nothing of this request was sent")));

    assertThat(misfit).contains("\"two\"");
    assertThat(endOffset(topic)).isEqualTo(1);
  }

  @Test
  void aSchemaIdTheRegistryDoesNotKnowIsRefused() {
    String topic = TestKafka.createTopic("unknown-schema-id", 1);

    gateway
        .givenBadRequest()
        .contentType(AVRO)
        .body(body(Map.of("value_schema_id", 987654), null, List.of(PAID_ORDER)))
        .post("/topics/" + topic)
        .then()
        .statusCode(422)
        .body("message", containsString("schema id 987654 is not in the schema registry"));

    assertThat(endOffset(topic)).isZero();
  }

  @Test
  void aSchemaThatDoesNotParseIsRefused() {
    String topic = TestKafka.createTopic("bad-schema", 1);

    gateway
        .givenBadRequest()
        .contentType(AVRO)
        .body(
            body(
                Map.of("value_schema", "{\"type\":\"record\",\"name\":\"Order\"}"),
                null,
                List.of(PAID_ORDER)))
        .post("/topics/" + topic)
        .then()
        .statusCode(422)
        .body("error_code", equalTo(422))
        .body("message", containsString("not a valid Avro schema"));

    assertThat(endOffset(topic)).isZero();
  }

  @Test
  void aSchemaAndASchemaIdForTheSamePartAreRefused() {
    String topic = TestKafka.createTopic("schema-and-id", 1);

    gateway
        .givenBadRequest()
        .contentType(AVRO)
        .body(body(Map.of("value_schema", ORDER, "value_schema_id", 1), null, List.of(PAID_ORDER)))
        .post("/topics/" + topic)
        .then()
        .statusCode(422)
        .body("error_code", equalTo(422))
        .body("message", equalTo("Give value_schema or value_schema_id, not both"));
  }

  @Test
  void aKeySchemaWithPlainJsonRecordsIsRefused() {
    String topic = TestKafka.createTopic("json-with-schema", 1);

    gateway
        .givenBadRequest()
        .body(body(Map.of("key_schema", "\"string\""), List.of("\"k\""), List.of("{\"a\":1}")))
        .post("/topics/" + topic)
        .then()
        .statusCode(422)
        .body("error_code", equalTo(422))
        .body("message", containsString("not to json"));

    assertThat(endOffset(topic)).isZero();
  }

  @Test
  void withoutARegistryAnAvroInstanceIsRefusedNamingTheSetting() {
    TestGateway plain = TestGateway.shared();

    plain
        .given()
        .body("{\"format\":\"avro\"}")
        .post("/consumers/" + Names.unique("group"))
        .then()
        .statusCode(422)
        .body("error_code", equalTo(422))
        .body("message", containsString("schema.registry.url"));
  }

  @Test
  void withoutARegistryAvroRecordsAreRefusedNamingTheSetting() {
    TestGateway plain = TestGateway.shared();
    String topic = TestKafka.createTopic("no-registry", 1);

    plain
        .given()
        .contentType(AVRO)
        .body(body(Map.of("value_schema", ORDER), null, List.of(PAID_ORDER)))
        .post("/topics/" + topic)
        .then()
        .statusCode(422)
        .body("error_code", equalTo(422))
        .body("message", containsString("schema.registry.url"));

    assertThat(endOffset(topic)).isZero();
  }
}
