package io.sluice.schema;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import java.util.List;
import java.util.Map;

/** The schema the Protobuf tests share, and payloads of it built without protoc. */
final class ProtobufShop {
  /**
   * Two top-level messages with nested types; Refund declares a map before its nested message, so
   * protoc (and we) list {@code LabelsEntry} before {@code Reason} among its nested types.
   */
  static final String SCHEMA =
      """
      syntax = "proto3";
      package acme.shop;

      import "google/protobuf/timestamp.proto";

      message Order {
        int64 id = 1;
        string customer_name = 2;
        repeated Line lines = 3;
        map<string, int32> tags_by_id = 4;
        Status status = 5;
        oneof payment {
          string card = 6;
          int64 voucher = 7;
        }
        google.protobuf.Timestamp placed_at = 8;
        optional string note = 9;
        repeated int32 scores = 10 [packed = false];
        string renamed = 11 [json_name = "otherName"];
        repeated double weights = 12;

        message Line {
          string sku = 1;
          uint32 quantity = 2;
        }
        enum Status {
          STATUS_UNKNOWN = 0;
          STATUS_PAID = 1;
        }
      }

      message Refund {
        map<string, string> labels = 1;
        Reason reason = 2;
        message Reason {
          string text = 1;
          int32 code = 2;
        }
      }
      """;

  static final FileDescriptor FILE = ProtobufSchemas.parse(SCHEMA);
  static final Descriptor ORDER = ProtobufSchemas.messageFor(FILE, List.of(0));
  static final Descriptor REFUND = ProtobufSchemas.messageFor(FILE, List.of(1));
  static final Descriptor REASON = ProtobufSchemas.messageFor(FILE, List.of(1, 0));

  private ProtobufShop() {}

  /** A message of the type with the given fields; a list value fills a repeated field. */
  static DynamicMessage message(Descriptor type, Map<String, ?> fields) {
    DynamicMessage.Builder b = DynamicMessage.newBuilder(type);
    fields.forEach(
        (name, value) -> {
          FieldDescriptor field = type.findFieldByName(name);
          if (field == null) {
            throw new IllegalArgumentException(type.getFullName() + " has no field " + name);
          }
          if (value instanceof List<?> values) {
            values.forEach(v -> b.addRepeatedField(field, v));
          } else {
            b.setField(field, value);
          }
        });
    return b.build();
  }

  /** An entry of a map field: a message of its {@code map_entry} type. */
  static DynamicMessage entry(Descriptor owner, String mapField, Object key, Object value) {
    Descriptor entryType = owner.findFieldByName(mapField).getMessageType();
    return message(entryType, Map.of("key", key, "value", value));
  }

  static Object enumValue(Descriptor owner, String field, String name) {
    return owner.findFieldByName(field).getEnumType().findValueByName(name);
  }
}
