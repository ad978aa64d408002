package io.sluice.schema;

import static io.sluice.schema.Orders.NEW_ORDER;
import static io.sluice.schema.Orders.ORDER;
import static io.sluice.schema.Orders.PAID_ORDER;
import static io.sluice.schema.SchemaClient.AVRO;
import static io.sluice.schema.SchemaClient.JSONSCHEMA;
import static io.sluice.schema.SchemaClient.PROTOBUF;
import static io.sluice.schema.SchemaClient.body;
import static io.sluice.schema.SchemaClient.offsets;
import static io.sluice.schema.SchemaClient.tree;
import static io.sluice.schema.SchemaClient.values;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import io.sluice.support.Names;
import io.sluice.support.TestGateway;
import io.sluice.support.TestKafka;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Records in avro, jsonschema and protobuf produced and consumed through Sluice with a real schema
 * registry (DESIGN §1.7), rendered as the Confluent REST Proxy renders them.
 */
class SchemaFormatsIT {
  private static final String SHOP_PROTO =
      """
      syntax = "proto3";
      package acme.shop;

      message Order {
        int64 id = 1;
        string customer = 2;
        repeated Line lines = 3;
        message Line {
          string sku = 1;
          uint32 quantity = 2;
        }
      }

      message Refund {
        string order_id = 1;
        Reason reason = 2;
        message Reason {
          string text = 1;
          int32 code = 2;
        }
      }
      """;

  /** Apicurio takes a JSON schema for one only with {@code $schema} or {@code properties}. */
  private static final String JSON_STRING =
      "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"type\":\"string\"}";

  private static TestGateway gateway;
  private static SchemaClient client;

  @BeforeAll
  static void start() {
    client = SchemaClient.shared();
    gateway = client.gateway();
  }

  @Test
  void avroKeysAndValuesComeBackInAvrosJsonEncodingWithTheIdsProduceAnswered() {
    String topic = TestKafka.createTopic("avro", 1);

    JsonNode produced =
        client.produce(
            topic,
            AVRO,
            body(
                Map.of("key_schema", "\"string\"", "value_schema", ORDER),
                List.of("\"order-1\"", "\"order-2\""),
                List.of(PAID_ORDER, NEW_ORDER)));
    String path = client.instance(Names.unique("group"), Map.of("format", "avro"));
    gateway.subscribe(path, topic);
    List<JsonNode> records = client.fetchAll(path, AVRO, 2);

    assertThat(produced.get("key_schema_id").isInt()).isTrue();
    assertThat(produced.get("value_schema_id").isInt()).isTrue();
    assertThat(produced.get("key_schema_id")).isNotEqualTo(produced.get("value_schema_id"));
    assertThat(produced.get("offsets").findValuesAsText("offset")).containsExactly("0", "1");
    assertThat(records)
        .extracting(r -> r.get("key").textValue())
        .containsExactly("order-1", "order-2");
    assertThat(values(records)).containsExactly(tree(PAID_ORDER), tree(NEW_ORDER));
  }

  @Test
  void produceWithTheSchemaIdsAnEarlierProduceAnsweredEncodesWithThoseSchemas() {
    String topic = TestKafka.createTopic("avro-by-id", 1);
    JsonNode first =
        client.produce(
            topic,
            AVRO,
            body(
                Map.of("key_schema", "\"string\"", "value_schema", ORDER),
                List.of("\"order-1\""),
                List.of(PAID_ORDER)));
    int keyId = first.get("key_schema_id").intValue();
    int valueId = first.get("value_schema_id").intValue();

    JsonNode second =
        client.produce(
            topic,
            AVRO,
            body(
                Map.of("key_schema_id", keyId, "value_schema_id", valueId),
                List.of("\"order-2\""),
                List.of(NEW_ORDER)));
    String path = client.instance(Names.unique("group"), Map.of("format", "avro"));
    client.assign(path, topic);
    List<JsonNode> records = client.fetchAll(path, AVRO, 2);

    assertThat(second.get("key_schema_id").intValue()).isEqualTo(keyId);
    assertThat(second.get("value_schema_id").intValue()).isEqualTo(valueId);
    assertThat(offsets(records)).containsExactly(0L, 1L);
    assertThat(records.get(1).get("key").textValue()).isEqualTo("order-2");
    assertThat(records.get(1).get("value")).isEqualTo(tree(NEW_ORDER));
  }

  @Test
  void jsonSchemaRecordsComeBackAsTheDocumentsThatWereProduced() {
    String topic = TestKafka.createTopic("jsonschema", 1);
    String person =
        """
        {"type": "object", "properties": {
          "name": {"type": "string"},
          "age": {"type": "integer", "minimum": 0},
          "tags": {"type": "array", "items": {"type": "string"}}},
         "required": ["name"]}
        """;
    String ada = "{\"name\":\"Ada\",\"age\":36,\"tags\":[\"admin\",\"math\"]}";
    String grace = "{\"name\":\"Grace\"}";

    JsonNode produced =
        client.produce(
            topic,
            JSONSCHEMA,
            body(
                Map.of("key_schema", JSON_STRING, "value_schema", person),
                List.of("\"user-1\"", "\"user-2\""),
                List.of(ada, grace)));
    String path = client.instance(Names.unique("group"), Map.of("format", "jsonschema"));
    client.assign(path, topic);
    List<JsonNode> records = client.fetchAll(path, JSONSCHEMA, 2);

    assertThat(produced.get("value_schema_id").isInt()).isTrue();
    assertThat(records)
        .extracting(r -> r.get("key").textValue())
        .containsExactly("user-1", "user-2");
    assertThat(values(records)).containsExactly(tree(ada), tree(grace));
  }

  @Test
  void protobufRecordsComeBackInProtobufsJsonMappingOfTheFirstMessage() {
    String topic = TestKafka.createTopic("protobuf", 1);
    String order =
        "{\"id\":\"7\",\"customer\":\"Ada\",\"lines\":[{\"sku\":\"A-1\",\"quantity\":2}]}";

    JsonNode produced =
        client.produce(
            topic, PROTOBUF, body(Map.of("value_schema", SHOP_PROTO), null, List.of(order)));
    String path = client.instance(Names.unique("group"), Map.of("format", "protobuf"));
    client.assign(path, topic);
    List<JsonNode> records = client.fetchAll(path, PROTOBUF, 1);

    assertThat(produced.get("value_schema_id").isInt()).isTrue();
    assertThat(produced.get("key_schema_id").isNull()).isTrue();
    assertThat(records.get(0).get("key").isNull()).isTrue();
    assertThat(records.get(0).get("value")).isEqualTo(tree(order));
  }

  @Test
  void jsonSchemaAndProtobufRecordsProducedToAPartitionAreStoredThere() {
    String people = TestKafka.createTopic("jsonschema-partition", 2);
    String shop = TestKafka.createTopic("protobuf-partition", 2);
    String person = "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}}}";

    JsonNode json =
        client.produce(
            people,
            1,
            JSONSCHEMA,
            body(Map.of("value_schema", person), null, List.of("{\"name\":\"Ada\"}")));
    JsonNode proto =
        client.produce(
            shop,
            1,
            PROTOBUF,
            body(
                Map.of("value_schema", SHOP_PROTO),
                null,
                List.of("{\"id\":\"7\",\"customer\":\"Ada\"}")));

    for (JsonNode produced : List.of(json, proto)) {
      assertThat(produced.get("offsets").get(0).get("partition").intValue()).isEqualTo(1);
      assertThat(produced.get("value_schema_id").isInt()).isTrue();
    }
  }

  @Test
  void aProtobufRecordWhoseMessageIndexesNameANestedTypeRendersAsThatType() {
    String topic = TestKafka.createTopic("protobuf-nested", 1);
    int id = SchemaClient.register(Names.unique("shop") + "-value", "PROTOBUF", SHOP_PROTO);
    Descriptor reason =
        ProtobufSchemas.messageFor(ProtobufSchemas.parse(SHOP_PROTO), List.of(1, 0));
    byte[] payload =
        DynamicMessage.newBuilder(reason)
            .setField(reason.findFieldByName("text"), "arrived broken")
            .setField(reason.findFieldByName("code"), 3)
            .build()
            .toByteArray();

    TestKafka.produce(
        List.of(new ProducerRecord<>(topic, null, WireFormat.frame(id, List.of(1, 0), payload))));
    String path = client.instance(Names.unique("group"), Map.of("format", "protobuf"));
    client.assign(path, topic);
    List<JsonNode> records = client.fetchAll(path, PROTOBUF, 1);

    assertThat(reason.getFullName()).isEqualTo("acme.shop.Refund.Reason");
    assertThat(records.get(0).get("value"))
        .isEqualTo(tree("{\"text\":\"arrived broken\",\"code\":3}"));
  }
}
