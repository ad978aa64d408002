package io.sluice.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MessageOptions;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import io.sluice.support.Json;
import io.sluice.support.Names;
import io.sluice.support.TestBroker;
import io.sluice.support.TestGateway;
import io.sluice.support.TestKafka;
import io.sluice.support.TestRegistry;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Records written by a producer that shares no code with Sluice, Apicurio Registry's Kafka
 * serializers in the Confluent wire format, read through the gateway as the REST Proxy renders
 * them. The expected documents are written out by hand from what was produced.
 */
class IndependentProducersIT {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static TestGateway gateway;

  @BeforeAll
  static void startGateway() {
    gateway = SchemaClient.shared().gateway();
  }

  private static final Schema AVRO_ORDER =
      new Schema.Parser()
          .parse(
              """
              {"type": "record", "name": "Order", "namespace": "io.sluice.it", "fields": [
                {"name": "id", "type": "string"},
                {"name": "customer", "type": {"type": "record", "name": "Customer", "fields": [
                  {"name": "name", "type": "string"},
                  {"name": "email", "type": ["null", "string"], "default": null}]}},
                {"name": "status", "type":
                  {"type": "enum", "name": "Status", "symbols": ["PLACED", "PAID", "SHIPPED"]}},
                {"name": "total", "type": "double"},
                {"name": "lines", "type": {"type": "array", "items":
                  {"type": "record", "name": "Line", "fields": [
                    {"name": "sku", "type": "string"}, {"name": "quantity", "type": "int"}]}}},
                {"name": "placedAt", "type": "long"}]}
              """);

  @Test
  void avroRecordsWithNestedRecordsEnumsAndUnionsReadAsTheRestProxyRendersThem() {
    String topic = TestKafka.createTopic("apicurio-avro", 1);
    Serializer<Object> keys = ApicurioSerializers.avro(true);
    Serializer<Object> values = ApicurioSerializers.avro(false);
    GenericRecord shipped =
        avroOrder("o-1", avroCustomer("Ada", "ada@example.com"), "SHIPPED", 12.5, List.of("A-1"));
    GenericRecord placed = avroOrder("o-2", avroCustomer("Grace", null), "PLACED", 0, List.of());

    produce(topic, keys, values, List.of("o-1", "o-2"), List.of(shipped, placed));
    String path = subscribed(topic, "avro");
    List<JsonNode> records = readAll(path, "application/vnd.kafka.avro.v2+json", 2);

    assertThat(records)
        .extracting(r -> r.get("key"))
        .containsExactly(json("\"o-1\""), json("\"o-2\""));
    assertThat(records)
        .extracting(r -> r.get("value"))
        .containsExactly(
            json(
                """
                {"id": "o-1", "customer": {"name": "Ada", "email": {"string": "ada@example.com"}},
                 "status": "SHIPPED", "total": 12.5, "lines": [{"sku": "A-1", "quantity": 2}],
                 "placedAt": 1700000000000}
                """),
            json(
                """
                {"id": "o-2", "customer": {"name": "Grace", "email": null},
                 "status": "PLACED", "total": 0.0, "lines": [], "placedAt": 1700000000000}
                """));
  }

  @Test
  void apicuriosSerializerWritesTheIdTheConfluentApiGivesTheSubject() {
    String topic = TestKafka.createTopic("apicurio-ids", 1);
    Serializer<Object> values = ApicurioSerializers.avro(false);
    GenericRecord order =
        avroOrder("o-1", avroCustomer("Ada", null), "PAID", 1.0, List.of("A-1", "B-2"));

    byte[] framed = values.serialize(topic, order);
    values.close();

    ByteBuffer frame = ByteBuffer.wrap(framed);
    assertThat(frame.get()).as("magic byte").isEqualTo((byte) 0);
    assertThat(frame.getInt())
        .as("schema id")
        .isEqualTo(
            RestAssured.given()
                .get(TestRegistry.url() + "/subjects/" + topic + "-value/versions/latest")
                .then()
                .statusCode(200)
                .extract()
                .<Integer>path("id"));
  }

  /** A Jackson-serialised object, as Apicurio's JSON Schema serializer takes it. */
  record JsonOrder(
      String id, JsonCustomer customer, String status, double total, List<Line> lines) {}

  record JsonCustomer(String name, String email) {}

  record Line(String sku, int quantity) {}

  @Test
  void jsonSchemaDocumentsReadAsTheyWereWritten() {
    String topic = TestKafka.createTopic("apicurio-jsonschema", 1);
    Serializer<Object> keys =
        ApicurioSerializers.jsonSchema(true, "io/sluice/schema/order-key.schema.json");
    Serializer<Object> values =
        ApicurioSerializers.jsonSchema(false, "io/sluice/schema/order.schema.json");
    JsonOrder paid =
        new JsonOrder(
            "o-1",
            new JsonCustomer("Ada", "ada@example.com"),
            "PAID",
            12.5,
            List.of(new Line("A-1", 2)));
    // Apicurio's mapper leaves null fields out: the email is not in the document.
    JsonOrder placed =
        new JsonOrder("o-2", new JsonCustomer("Grace", null), "PLACED", 3, List.of());

    produce(topic, keys, values, List.of("o-1", "o-2"), List.of(paid, placed));
    String path = subscribed(topic, "jsonschema");
    List<JsonNode> records = readAll(path, "application/vnd.kafka.jsonschema.v2+json", 2);

    assertThat(records)
        .extracting(r -> r.get("key"))
        .containsExactly(json("\"o-1\""), json("\"o-2\""));
    assertThat(records)
        .extracting(r -> r.get("value"))
        .containsExactly(
            json(
                """
                {"id": "o-1", "customer": {"name": "Ada", "email": "ada@example.com"},
                 "status": "PAID", "total": 12.5, "lines": [{"sku": "A-1", "quantity": 2}]}
                """),
            json(
                """
                {"id": "o-2", "customer": {"name": "Grace"}, "status": "PLACED", "total": 3.0,
                 "lines": []}
                """));
  }

  @Test
  void protobufMessagesOfASecondAndNestedTypeReadAsTheRestProxyPrintsThem() {
    String topic = TestKafka.createTopic("apicurio-protobuf", 1);
    Serializer<Message> keys = ApicurioSerializers.protobuf(true);
    Serializer<Message> values = ApicurioSerializers.protobuf(false);
    Descriptor order = SHOP.findMessageTypeByName("Order");
    Descriptor customer = SHOP.findMessageTypeByName("Customer");
    Descriptor line = order.findNestedTypeByName("Line");
    Descriptor labels = order.findNestedTypeByName("LabelsEntry");
    Message shipped =
        DynamicMessage.newBuilder(order)
            .setField(field(order, "id"), "o-1")
            .setField(
                field(order, "customer"),
                DynamicMessage.newBuilder(customer)
                    .setField(field(customer, "name"), "Ada")
                    .setField(field(customer, "email"), "ada@example.com")
                    .build())
            .setField(
                field(order, "status"),
                SHOP.findEnumTypeByName("Status").findValueByName("SHIPPED"))
            .addRepeatedField(
                field(order, "lines"),
                DynamicMessage.newBuilder(line)
                    .setField(field(line, "sku"), "A-1")
                    .setField(field(line, "quantity"), 2)
                    .build())
            .setField(field(order, "placed_at"), 1_700_000_000_000L)
            .setField(field(order, "total"), 12.5)
            .addRepeatedField(
                field(order, "labels"),
                DynamicMessage.newBuilder(labels)
                    .setField(field(labels, "key"), "gift")
                    .setField(field(labels, "value"), "yes")
                    .build())
            .build();
    // Everything else unset: the REST Proxy prints scalars, enums, lists and maps at their
    // defaults.
    Message bare = DynamicMessage.newBuilder(order).setField(field(order, "id"), "o-2").build();

    produce(topic, keys, values, List.of(orderKey("o-1"), orderKey("o-2")), List.of(shipped, bare));
    String path = subscribed(topic, "protobuf");
    List<JsonNode> records = readAll(path, "application/vnd.kafka.protobuf.v2+json", 2);

    assertThat(records)
        .extracting(r -> r.get("key"))
        .containsExactly(json("{\"id\": \"o-1\"}"), json("{\"id\": \"o-2\"}"));
    assertThat(records)
        .extracting(r -> r.get("value"))
        .containsExactly(
            json(
                """
                {"id": "o-1", "customer": {"name": "Ada", "email": "ada@example.com"},
                 "status": "SHIPPED", "lines": [{"sku": "A-1", "quantity": 2}],
                 "placedAt": "1700000000000", "total": 12.5, "labels": {"gift": "yes"}}
                """),
            json(
                """
                {"id": "o-2", "status": "STATUS_UNKNOWN", "lines": [], "placedAt": "0",
                 "total": 0.0, "labels": {}}
                """));
  }

  @Test
  void protobufMessageNestedAfterAMapIsTheTypeItsIndexesName() {
    // Apicurio registers the map's LabelsEntry as a message of its own and counts it: Line is
    // [1, 1], Order's second nested message.
    String topic = TestKafka.createTopic("apicurio-protobuf-nested", 1);
    Descriptor line = SHOP.findMessageTypeByName("Order").findNestedTypeByName("Line");
    Message value =
        DynamicMessage.newBuilder(line)
            .setField(field(line, "sku"), "A-1")
            .setField(field(line, "quantity"), 2)
            .build();

    produce(
        topic,
        ApicurioSerializers.protobuf(true),
        ApicurioSerializers.protobuf(false),
        List.of(orderKey("o-1")),
        List.of(value));
    String path = subscribed(topic, "protobuf");
    List<JsonNode> records = readAll(path, "application/vnd.kafka.protobuf.v2+json", 1);

    assertThat(records.get(0).get("value")).isEqualTo(json("{\"sku\": \"A-1\", \"quantity\": 2}"));
  }

  // Avro

  private static GenericRecord avroCustomer(String name, String email) {
    GenericRecord customer = new GenericData.Record(AVRO_ORDER.getField("customer").schema());
    customer.put("name", name);
    customer.put("email", email);
    return customer;
  }

  private static GenericRecord avroOrder(
      String id, GenericRecord customer, String status, double total, List<String> skus) {
    Schema lineSchema = AVRO_ORDER.getField("lines").schema().getElementType();
    List<GenericRecord> lines = new ArrayList<>();
    for (String sku : skus) {
      GenericRecord line = new GenericData.Record(lineSchema);
      line.put("sku", sku);
      line.put("quantity", 2);
      lines.add(line);
    }
    GenericRecord order = new GenericData.Record(AVRO_ORDER);
    order.put("id", id);
    order.put("customer", customer);
    order.put("status", new GenericData.EnumSymbol(AVRO_ORDER.getField("status").schema(), status));
    order.put("total", total);
    order.put("lines", lines);
    order.put("placedAt", 1_700_000_000_000L);
    return order;
  }

  // Protobuf, described without protoc: what a .proto with these declarations compiles to.
  //
  //   syntax = "proto3";
  //   package sluice.it;
  //   enum Status { STATUS_UNKNOWN = 0; PLACED = 1; PAID = 2; SHIPPED = 3; }
  //   message Customer { string name = 1; string email = 2; }
  //   message Order {
  //     string id = 1; Customer customer = 2; Status status = 3; repeated Line lines = 4;
  //     int64 placed_at = 5; double total = 6; map<string, string> labels = 7;
  //     message Line { string sku = 1; int32 quantity = 2; }
  //   }
  //
  // protoc lists Order's nested types as LabelsEntry (the map's, where the field is), then Line.
  //   message OrderKey { string id = 1; }   (a file of its own)

  private static final FileDescriptor SHOP =
      file(
          FileDescriptorProto.newBuilder()
              .setName("sluice/it/shop.proto")
              .setPackage("sluice.it")
              .setSyntax("proto3")
              .addEnumType(
                  EnumDescriptorProto.newBuilder()
                      .setName("Status")
                      .addValue(enumValue("STATUS_UNKNOWN", 0))
                      .addValue(enumValue("PLACED", 1))
                      .addValue(enumValue("PAID", 2))
                      .addValue(enumValue("SHIPPED", 3)))
              .addMessageType(
                  DescriptorProto.newBuilder()
                      .setName("Customer")
                      .addField(scalar("name", 1, Type.TYPE_STRING))
                      .addField(scalar("email", 2, Type.TYPE_STRING)))
              .addMessageType(
                  DescriptorProto.newBuilder()
                      .setName("Order")
                      .addNestedType(
                          DescriptorProto.newBuilder()
                              .setName("LabelsEntry")
                              .setOptions(MessageOptions.newBuilder().setMapEntry(true))
                              .addField(scalar("key", 1, Type.TYPE_STRING))
                              .addField(scalar("value", 2, Type.TYPE_STRING)))
                      .addNestedType(
                          DescriptorProto.newBuilder()
                              .setName("Line")
                              .addField(scalar("sku", 1, Type.TYPE_STRING))
                              .addField(scalar("quantity", 2, Type.TYPE_INT32)))
                      .addField(scalar("id", 1, Type.TYPE_STRING))
                      .addField(typed("customer", 2, Type.TYPE_MESSAGE, ".sluice.it.Customer"))
                      .addField(typed("status", 3, Type.TYPE_ENUM, ".sluice.it.Status"))
                      .addField(
                          typed("lines", 4, Type.TYPE_MESSAGE, ".sluice.it.Order.Line")
                              .setLabel(Label.LABEL_REPEATED))
                      .addField(scalar("placed_at", 5, Type.TYPE_INT64))
                      .addField(scalar("total", 6, Type.TYPE_DOUBLE))
                      .addField(
                          typed("labels", 7, Type.TYPE_MESSAGE, ".sluice.it.Order.LabelsEntry")
                              .setLabel(Label.LABEL_REPEATED)))
              .build());

  private static final FileDescriptor KEYS =
      file(
          FileDescriptorProto.newBuilder()
              .setName("sluice/it/order_key.proto")
              .setPackage("sluice.it")
              .setSyntax("proto3")
              .addMessageType(
                  DescriptorProto.newBuilder()
                      .setName("OrderKey")
                      .addField(scalar("id", 1, Type.TYPE_STRING)))
              .build());

  private static Message orderKey(String id) {
    Descriptor key = KEYS.findMessageTypeByName("OrderKey");
    return DynamicMessage.newBuilder(key).setField(field(key, "id"), id).build();
  }

  private static FileDescriptor file(FileDescriptorProto proto) {
    try {
      return FileDescriptor.buildFrom(proto, new FileDescriptor[0]);
    } catch (DescriptorValidationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static EnumValueDescriptorProto enumValue(String name, int number) {
    return EnumValueDescriptorProto.newBuilder().setName(name).setNumber(number).build();
  }

  private static FieldDescriptorProto scalar(String name, int number, Type type) {
    return FieldDescriptorProto.newBuilder()
        .setName(name)
        .setNumber(number)
        .setType(type)
        .setLabel(Label.LABEL_OPTIONAL)
        .build();
  }

  private static FieldDescriptorProto.Builder typed(
      String name, int number, Type type, String typeName) {
    return scalar(name, number, type).toBuilder().setTypeName(typeName);
  }

  private static FieldDescriptor field(Descriptor type, String name) {
    return type.findFieldByName(name);
  }

  // Kafka and the gateway

  /** Sends key i with value i through a KafkaProducer with these serializers, and waits. */
  private static <K, V> void produce(
      String topic, Serializer<K> keys, Serializer<V> values, List<K> keyList, List<V> valueList) {
    try (KafkaProducer<K, V> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestBroker.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG,
                0),
            keys,
            values)) {
      for (int i = 0; i < keyList.size(); i++) {
        producer.send(new ProducerRecord<>(topic, keyList.get(i), valueList.get(i))).get();
      }
    } catch (InterruptedException | ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * An instance in {@code format} reading the topic from the start. Requests go out unchecked
   * against the spec, which does not describe the schema formats yet.
   */
  private static String subscribed(String topic, String format) {
    String path =
        TestGateway.createInstance(
            unchecked(),
            Names.unique("apicurio"),
            Json.of(Map.of("format", format, "auto.offset.reset", "earliest")));
    unchecked()
        .body(Json.of(Map.of("topics", List.of(topic))))
        .post(path + "/subscription")
        .then()
        .statusCode(204);
    return path;
  }

  /** Fetches until {@code count} records arrived (or fails after 30 s); answers them in order. */
  private static List<JsonNode> readAll(String path, String accept, int count) {
    List<JsonNode> received = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              String answer =
                  unchecked()
                      .accept(accept)
                      .get(path + "/records?timeout=500")
                      .then()
                      .statusCode(200)
                      .extract()
                      .asString();
              json(answer).forEach(received::add);
              return received.size() >= count;
            });
    return received;
  }

  private static RequestSpecification unchecked() {
    return RestAssured.given().baseUri(gateway.baseUri()).contentType(TestGateway.V2);
  }

  private static JsonNode json(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(text, e);
    }
  }
}
