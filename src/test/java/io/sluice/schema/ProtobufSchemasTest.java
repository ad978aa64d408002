package io.sluice.schema;

import static io.sluice.schema.ProtobufShop.FILE;
import static io.sluice.schema.ProtobufShop.ORDER;
import static io.sluice.schema.ProtobufShop.REASON;
import static io.sluice.schema.ProtobufShop.REFUND;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ProtobufSchemasTest {
  @Test
  void nestedMessagesStayNestedUnderTheirParentWithFullNames() {
    assertThat(FILE.getPackage()).isEqualTo("acme.shop");
    assertThat(FILE.getMessageTypes())
        .extracting(Descriptor::getFullName)
        .containsExactly("acme.shop.Order", "acme.shop.Refund");
    assertThat(ORDER.getNestedTypes())
        .extracting(Descriptor::getFullName)
        .containsExactly("acme.shop.Order.TagsByIdEntry", "acme.shop.Order.Line");
    assertThat(ORDER.getEnumTypes().get(0).getFullName()).isEqualTo("acme.shop.Order.Status");
    assertThat(REASON.getFullName()).isEqualTo("acme.shop.Refund.Reason");
    assertThat(REASON.getContainingType()).isEqualTo(REFUND);
  }

  @Test
  void indexesPathIntoTheDeclaredMessages() {
    assertThat(ORDER.getFullName()).isEqualTo("acme.shop.Order");
    assertThat(REFUND.getFullName()).isEqualTo("acme.shop.Refund");
    assertThat(ProtobufSchemas.messageFor(FILE, List.of(0, 0)).getFullName())
        .isEqualTo("acme.shop.Order.Line");
  }

  @Test
  void anEmptyIndexPathIsTheFirstMessage() {
    assertThat(ProtobufSchemas.messageFor(FILE, List.of())).isEqualTo(ORDER);
  }

  @Test
  void mapEntryTypesAreNotCountedByIndexes() {
    // protoc lists Refund's LabelsEntry first among its nested types; the index skips it.
    assertThat(REFUND.getNestedTypes().get(0).getName()).isEqualTo("LabelsEntry");

    assertThat(ProtobufSchemas.messageFor(FILE, List.of(1, 0))).isEqualTo(REASON);
  }

  /** A map as Confluent's and Apicurio's serializers register it from a descriptor. */
  private static final String DECLARED_MAP_ENTRY =
      """
      syntax = "proto3";
      package acme.shop;

      message Refund {
        repeated .acme.shop.Refund.LabelsEntry labels = 1;
        .acme.shop.Refund.Reason reason = 2;

        message LabelsEntry {
          option map_entry = true;
          string key = 1;
          string value = 2;
        }
        message Reason {
          string text = 1;
        }
      }
      """;

  @Test
  void aMessageDeclaringMapEntryMakesItsFieldAMap() {
    FileDescriptor file = ProtobufSchemas.parse(DECLARED_MAP_ENTRY);
    Descriptor refund = file.findMessageTypeByName("Refund");
    DynamicMessage labelled =
        DynamicMessage.newBuilder(refund)
            .addRepeatedField(
                refund.findFieldByName("labels"),
                DynamicMessage.newBuilder(refund.findNestedTypeByName("LabelsEntry"))
                    .setField(
                        refund.findNestedTypeByName("LabelsEntry").findFieldByName("key"), "gift")
                    .setField(
                        refund.findNestedTypeByName("LabelsEntry").findFieldByName("value"), "yes")
                    .build())
            .build();

    assertThat(refund.findFieldByName("labels").isMapField()).isTrue();
    assertThat(ProtobufJson.toJson(refund, labelled.toByteArray()))
        .isEqualTo("{\"labels\":{\"gift\":\"yes\"}}");
  }

  @Test
  void mapEntryMessagesTheTextDeclaresAreCountedByIndexes() {
    // The serializers that write such texts count LabelsEntry: Reason is [0, 1].
    ProtobufSchemas.ProtobufFile file = ProtobufSchemas.parseFile(DECLARED_MAP_ENTRY);

    assertThat(file.declaredMapEntries()).containsExactly("acme.shop.Refund.LabelsEntry");
    assertThat(ProtobufSchemas.messageFor(file, List.of(0, 1)).getFullName())
        .isEqualTo("acme.shop.Refund.Reason");
  }

  @Test
  void anIndexPastTheMessagesIsAClearException() {
    assertThatThrownBy(() -> ProtobufSchemas.messageFor(FILE, List.of(2)))
        .isInstanceOf(ProtobufSchemaException.class)
        .hasMessage(
            "Message indexes [2] name no message of the schema: package acme.shop declares 2"
                + " message type(s), and index 2 (at depth 0) is not one of them");
    assertThatThrownBy(() -> ProtobufSchemas.messageFor(FILE, List.of(1, 1)))
        .isInstanceOf(ProtobufSchemaException.class)
        .hasMessageContaining(
            "acme.shop.Refund declares 1 message type(s), and index 1 (at depth 1)");
    assertThatThrownBy(() -> ProtobufSchemas.messageFor(FILE, List.of(-1)))
        .isInstanceOf(ProtobufSchemaException.class)
        .hasMessageContaining("index -1");
  }

  @Test
  void fieldsHaveTheLabelsTypesAndOptionsProtocGivesThem() {
    FieldDescriptor tags = ORDER.findFieldByName("tags_by_id");
    assertThat(tags.isMapField()).isTrue();
    assertThat(tags.getMessageType().findFieldByName("key").getType())
        .isEqualTo(FieldDescriptor.Type.STRING);
    assertThat(tags.getMessageType().findFieldByName("value").getType())
        .isEqualTo(FieldDescriptor.Type.INT32);
    assertThat(ORDER.findFieldByName("lines").isRepeated()).isTrue();
    assertThat(ORDER.findFieldByName("lines").getMessageType().getFullName())
        .isEqualTo("acme.shop.Order.Line");
    assertThat(ORDER.findFieldByName("status").getEnumType().getFullName())
        .isEqualTo("acme.shop.Order.Status");
    assertThat(ORDER.getRealOneofs()).hasSize(1);
    assertThat(ORDER.getRealOneofs().get(0).getFields())
        .extracting(FieldDescriptor::getName)
        .containsExactly("card", "voucher");
    assertThat(ORDER.findFieldByName("note").hasPresence()).isTrue();
    assertThat(ORDER.findFieldByName("note").getRealContainingOneof()).isNull();
    assertThat(ORDER.findFieldByName("id").hasPresence()).isFalse();
    assertThat(ORDER.findFieldByName("scores").isPacked()).isFalse();
    assertThat(ORDER.findFieldByName("weights").isPacked()).isTrue();
    assertThat(ORDER.findFieldByName("renamed").getJsonName()).isEqualTo("otherName");
    assertThat(ORDER.findFieldByName("customer_name").getJsonName()).isEqualTo("customerName");
    assertThat(ORDER.findFieldByName("placed_at").getMessageType().getFullName())
        .isEqualTo("google.protobuf.Timestamp");
  }

  @Test
  void proto2KeepsRequiredFieldsDefaultsAndPacking() {
    FileDescriptor file =
        ProtobufSchemas.parse(
            """
            package legacy;
            message Item {
              required string name = 1;
              optional int32 count = 2 [default = 7];
              optional bytes blob = 3 [default = "\\001\\377x"];
              repeated int32 codes = 4 [packed = true];
              repeated int32 plain = 5;
              optional Kind kind = 6 [default = KIND_B];
              enum Kind { KIND_A = 1; KIND_B = 2; }
            }
            """);
    Descriptor item = file.getMessageTypes().get(0);

    assertThat(item.findFieldByName("name").isRequired()).isTrue();
    assertThat(item.findFieldByName("count").getDefaultValue()).isEqualTo(7);
    assertThat(item.findFieldByName("blob").getDefaultValue())
        .isEqualTo(com.google.protobuf.ByteString.copyFrom(new byte[] {1, (byte) 0xff, 'x'}));
    assertThat(item.findFieldByName("codes").isPacked()).isTrue();
    assertThat(item.findFieldByName("plain").isPacked()).isFalse();
    assertThat(item.findFieldByName("kind").getDefaultValue().toString()).isEqualTo("KIND_B");
  }

  @Test
  void fieldsOfAnExtendBlockAreNotFieldsOfTheMessage() {
    FileDescriptor file =
        ProtobufSchemas.parse(
            """
            syntax = "proto2";
            message A {
              optional int32 x = 1;
              extensions 100 to 199;
            }
            extend A {
              optional string tag = 100;
            }
            """);

    assertThat(file.getMessageTypes().get(0).getFields())
        .extracting(FieldDescriptor::getName)
        .containsExactly("x");
  }

  @Test
  void parsingIsSafeFromManyThreadsAtOnce() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<FileDescriptor>> parses = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        parses.add(pool.submit(() -> ProtobufSchemas.parse(ProtobufShop.SCHEMA)));
      }

      for (Future<FileDescriptor> parse : parses) {
        assertThat(parse.get().toProto()).isEqualTo(FILE.toProto());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aBase64FileDescriptorProtoIsTakenAsTheSchema() {
    String base64 = Base64.getEncoder().encodeToString(FILE.toProto().toByteArray());

    FileDescriptor file = ProtobufSchemas.parse(base64);

    assertThat(file.toProto()).isEqualTo(FILE.toProto());
    assertThat(ProtobufSchemas.messageFor(file, List.of(1, 0)).getFullName())
        .isEqualTo("acme.shop.Refund.Reason");
  }

  @Test
  void wellKnownImportsLink() {
    FileDescriptor file =
        ProtobufSchemas.parse(
            """
            syntax = "proto3";
            import "google/protobuf/field_mask.proto";
            import "google/protobuf/wrappers.proto";
            import "google/protobuf/struct.proto";
            message Patch {
              google.protobuf.FieldMask mask = 1;
              google.protobuf.StringValue name = 2;
              google.protobuf.Struct extra = 3;
            }
            """);

    assertThat(file.getMessageTypes().get(0).getFields())
        .extracting(f -> f.getMessageType().getFullName())
        .containsExactly(
            "google.protobuf.FieldMask", "google.protobuf.StringValue", "google.protobuf.Struct");
  }

  @Test
  void malformedProtoTextIsAClearException() {
    assertThatThrownBy(
            () ->
                ProtobufSchemas.parse("syntax = \"proto3\";\nmessage Broken {\n  int32 x = ;\n}\n"))
        .isInstanceOf(ProtobufSchemaException.class)
        .hasMessageStartingWith(
            "The Protobuf schema is neither .proto text nor a base64 FileDescriptorProto: ")
        .hasMessageContaining("schema.proto:3:");
  }

  @Test
  void anUnknownTypeIsAClearException() {
    assertThatThrownBy(
            () -> ProtobufSchemas.parse("syntax = \"proto3\";\nmessage A {\n  Missing m = 1;\n}\n"))
        .isInstanceOf(ProtobufSchemaException.class)
        .hasMessageStartingWith("The Protobuf schema is not valid: ")
        .hasMessageContaining("unable to resolve Missing");
  }

  @Test
  void anImportOtherThanTheWellKnownOnesIsRefused() {
    assertThatThrownBy(
            () ->
                ProtobufSchemas.parse(
                    "syntax = \"proto3\";\nimport \"other.proto\";\nmessage A { int32 x = 1; }\n"))
        .isInstanceOf(ProtobufSchemaException.class)
        .hasMessageContaining("\"other.proto\"")
        .hasMessageContaining("schema references are not supported");
  }
}
