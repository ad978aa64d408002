package io.sluice.schema;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.schema.SchemaException.Kind;

/**
 * Turns the JSON of a produce request into a record in the Confluent wire format, as the REST Proxy
 * does: Avro from Avro's JSON encoding (unions as {@code {"type": value}}, bytes as ISO-8859-1
 * strings), JSON Schema as the validated document, Protobuf by the {@link ProtobufCodec}. A Kafka
 * null (tombstone) is the caller's: it is never encoded. Thread-safe.
 */
public final class RecordEncoder {
  private final ProtobufCodec protobuf;

  public RecordEncoder(ProtobufCodec protobuf) {
    this.protobuf = protobuf;
  }

  /**
   * The framed record, with the schema's id.
   *
   * @throws SchemaException of kind {@link Kind#INVALID_RECORD} saying why the value does not fit
   *     the schema (without echoing it), or {@link Kind#UNSUPPORTED} for Protobuf until its codec
   *     is plugged in
   */
  public byte[] encode(RegisteredSchema schema, JsonNode value) {
    return switch (schema.type()) {
      case AVRO -> AvroCodec.encode(schema, value);
      case JSON -> JsonSchemaCodec.encode(schema, value);
      case PROTOBUF -> encodeProtobuf(schema, value);
    };
  }

  private byte[] encodeProtobuf(RegisteredSchema schema, JsonNode value) {
    ProtobufCodec.Encoded encoded;
    try {
      encoded = protobuf.encode(schema, value);
    } catch (UnsupportedOperationException e) {
      throw new SchemaException(Kind.UNSUPPORTED, SchemaException.brief(e.getMessage()), e);
    } catch (IllegalArgumentException e) {
      throw new SchemaException(
          Kind.INVALID_RECORD,
          "does not match Protobuf schema id "
              + schema.id()
              + ": "
              + SchemaException.brief(e.getMessage()),
          e);
    }
    return WireFormat.frame(schema.id(), encoded.messageIndexes(), encoded.payload());
  }
}
