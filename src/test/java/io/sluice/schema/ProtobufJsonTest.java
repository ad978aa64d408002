package io.sluice.schema;

import static io.sluice.schema.ProtobufShop.FILE;
import static io.sluice.schema.ProtobufShop.ORDER;
import static io.sluice.schema.ProtobufShop.REASON;
import static io.sluice.schema.ProtobufShop.REFUND;
import static io.sluice.schema.ProtobufShop.entry;
import static io.sluice.schema.ProtobufShop.enumValue;
import static io.sluice.schema.ProtobufShop.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Timestamp;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProtobufJsonTest {
  private static final Descriptor LINE = ORDER.findNestedTypeByName("Line");

  private static byte[] order() {
    return message(
            ORDER,
            Map.of(
                "id", 9007199254740993L,
                "customer_name", "Ada",
                "lines", List.of(message(LINE, Map.of("sku", "A-1", "quantity", 2))),
                "tags_by_id", List.of(entry(ORDER, "tags_by_id", "vip", 1)),
                "status", enumValue(ORDER, "status", "STATUS_PAID"),
                "card", "4242",
                "placed_at", Timestamp.newBuilder().setSeconds(1700000000L).build(),
                "scores", List.of(1, 2),
                "renamed", "x"))
        .toByteArray();
  }

  private static byte[] reason() {
    return message(REASON, Map.of("text", "late", "code", 3)).toByteArray();
  }

  @Test
  void theFirstMessageRendersOnOneLineWithInt64AsStringsAndDefaultsWritten() {
    String json = ProtobufJson.toJson(ProtobufSchemas.messageFor(FILE, List.of(0)), order());

    assertThat(json)
        .isEqualTo(
            "{\"id\":\"9007199254740993\",\"customerName\":\"Ada\","
                + "\"lines\":[{\"sku\":\"A-1\",\"quantity\":2}],\"tagsById\":{\"vip\":1},"
                + "\"status\":\"STATUS_PAID\",\"card\":\"4242\","
                + "\"placedAt\":\"2023-11-14T22:13:20Z\",\"scores\":[1,2],\"otherName\":\"x\","
                + "\"weights\":[]}");
  }

  @Test
  void theSecondMessageAndItsNestedMessageRenderByTheirIndexes() {
    byte[] refund =
        message(
                REFUND,
                Map.of(
                    "labels", List.of(entry(REFUND, "labels", "why", "damaged")),
                    "reason", message(REASON, Map.of("text", "late", "code", 3))))
            .toByteArray();

    assertThat(ProtobufJson.toJson(ProtobufSchemas.messageFor(FILE, List.of(1)), refund))
        .isEqualTo("{\"labels\":{\"why\":\"damaged\"},\"reason\":{\"text\":\"late\",\"code\":3}}");
    assertThat(ProtobufJson.toJson(ProtobufSchemas.messageFor(FILE, List.of(1, 0)), reason()))
        .isEqualTo("{\"text\":\"late\",\"code\":3}");
  }

  @Test
  void aWrongTypeDecodesTheSameBytesSilentlyDifferently() {
    // What counting Refund's map entry as its first nested message would pick for [1, 0].
    Descriptor labelsEntry = REFUND.getNestedTypes().get(0);

    String wrong = ProtobufJson.toJson(labelsEntry, reason());

    assertThat(wrong).isEqualTo("{\"key\":\"late\",\"value\":\"\"}");
    assertThat(ProtobufJson.toJson(ProtobufSchemas.messageFor(FILE, List.of(1, 0)), reason()))
        .isEqualTo("{\"text\":\"late\",\"code\":3}");
  }

  @Test
  void anEmptyPayloadWritesEveryFieldWithoutPresenceAtItsDefault() {
    String json = ProtobufJson.toJson(ORDER, new byte[0]);

    // note (proto3 optional), placed_at (a message) and the payment oneof have presence: absent.
    assertThat(json)
        .isEqualTo(
            "{\"id\":\"0\",\"customerName\":\"\",\"lines\":[],\"tagsById\":{},"
                + "\"status\":\"STATUS_UNKNOWN\",\"scores\":[],\"otherName\":\"\",\"weights\":[]}");
  }

  @Test
  void unsetProto2OptionalScalarsAreWrittenAtTheirDefaultAsTheRestProxyWritesThem() {
    Descriptor item =
        ProtobufSchemas.parse(
                """
                syntax = "proto2";
                message Item {
                  optional int32 count = 1;
                  optional string label = 2 [default = "none"];
                  optional Item child = 3;
                  repeated int64 ids = 4;
                }
                """)
            .getMessageTypes()
            .get(0);

    assertThat(ProtobufJson.toJson(item, new byte[0]))
        .isEqualTo("{\"count\":0,\"label\":\"none\",\"ids\":[]}");
  }

  @Test
  void theJsonRoundTripsThroughBytes() {
    String json = ProtobufJson.toJson(ORDER, order());

    byte[] bytes = ProtobufJson.fromJson(ORDER, json);

    assertThat(bytes).isEqualTo(order());
    assertThat(ProtobufJson.toJson(ORDER, bytes)).isEqualTo(json);
  }

  @Test
  void producedJsonMayUseProtoFieldNamesAndLeaveFieldsOut() {
    byte[] bytes =
        ProtobufJson.fromJson(
            ORDER, "{\"customer_name\": \"Ada\", \"id\": 42, \"note\": \"\", \"voucher\": \"7\"}");

    assertThat(ProtobufJson.toJson(ORDER, bytes))
        .isEqualTo(
            "{\"id\":\"42\",\"customerName\":\"Ada\",\"lines\":[],\"tagsById\":{},"
                + "\"status\":\"STATUS_UNKNOWN\",\"voucher\":\"7\",\"note\":\"\",\"scores\":[],"
                + "\"otherName\":\"\",\"weights\":[]}");
  }

  @Test
  void theBufferIsReadFromItsPositionAfterTheWireFormatHeader() {
    byte[] payload = reason();
    ByteBuffer record = ByteBuffer.allocate(6 + payload.length);
    record.put(new byte[] {0, 0, 0, 0, 7, 0}).put(payload).flip().position(6);

    assertThat(ProtobufJson.toJson(REASON, record)).isEqualTo("{\"text\":\"late\",\"code\":3}");
    assertThat(record.position()).isEqualTo(6);
  }

  @Test
  void jsonWithAnUnknownFieldIsAClearException() {
    assertThatThrownBy(() -> ProtobufJson.fromJson(ORDER, "{\"id\": 1, \"nope\": true}"))
        .isInstanceOf(ProtobufDataException.class)
        .hasMessageStartingWith("The JSON does not fit Protobuf message acme.shop.Order: ")
        .hasMessageContaining("nope");
  }

  @Test
  void jsonWithAValueOfTheWrongKindIsAClearException() {
    assertThatThrownBy(() -> ProtobufJson.fromJson(ORDER, "{\"id\": \"twelve\"}"))
        .isInstanceOf(ProtobufDataException.class)
        .hasMessageStartingWith("The JSON does not fit Protobuf message acme.shop.Order: ");
    assertThatThrownBy(() -> ProtobufJson.fromJson(ORDER, "{\"status\": \"STATUS_LOST\"}"))
        .isInstanceOf(ProtobufDataException.class)
        .hasMessageContaining("STATUS_LOST");
  }

  @Test
  void malformedJsonIsAClearException() {
    assertThatThrownBy(() -> ProtobufJson.fromJson(ORDER, "{\"id\": "))
        .isInstanceOf(ProtobufDataException.class)
        .hasMessageStartingWith("The JSON does not fit Protobuf message acme.shop.Order: ");
    assertThatThrownBy(() -> ProtobufJson.fromJson(ORDER, "[1, 2]"))
        .isInstanceOf(ProtobufDataException.class);
  }

  @Test
  void jsonWithoutAProto2RequiredFieldIsAClearException() {
    Descriptor item =
        ProtobufSchemas.parse("message Item { required string name = 1; optional int32 n = 2; }")
            .getMessageTypes()
            .get(0);

    assertThatThrownBy(() -> ProtobufJson.fromJson(item, "{\"n\": 1}"))
        .isInstanceOf(ProtobufDataException.class)
        .hasMessageStartingWith("The JSON does not fit Protobuf message Item: ")
        .hasMessageContaining("name");
  }

  @Test
  void bytesThatAreNotTheMessageAreAClearException() {
    byte[] truncated = {0x12, 0x05, 'A', 'd'};

    assertThatThrownBy(() -> ProtobufJson.toJson(ORDER, truncated))
        .isInstanceOf(ProtobufDataException.class)
        .hasMessageStartingWith("The payload is not a Protobuf acme.shop.Order: ");
  }
}
