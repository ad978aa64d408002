package io.sluice.schema;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;

/**
 * Where Protobuf plugs in: the rest of this package frames, looks up and caches schemas, and hands
 * the codec the registered schema (its text and its imports' texts in {@link
 * RegisteredSchema#references()}) with the message indexes of each record. An implementation keeps
 * its own descriptors, keyed by {@link RegisteredSchema} or its id, and must be thread-safe.
 *
 * <p>Failures: throw {@link IllegalArgumentException} when the bytes are not a message of the
 * indexed type, or the JSON does not fit it (the message says why, without echoing large values);
 * it becomes {@link SchemaException.Kind#UNDECODABLE} when reading and {@link
 * SchemaException.Kind#INVALID_RECORD} when producing. {@link UnsupportedOperationException}
 * becomes {@link SchemaException.Kind#UNSUPPORTED}.
 */
public interface ProtobufCodec {
  /**
   * Writes the message as one JSON value (as {@code JsonFormat} prints it, without line breaks).
   * Decode fully before writing: on failure nothing may have been written.
   *
   * @param messageIndexes path to the message type, {@code [0]} being the first top-level message
   * @param payloadOffset where the message starts in {@code data}; it runs to the end
   */
  void write(
      JsonGenerator generator,
      RegisteredSchema schema,
      List<Integer> messageIndexes,
      byte[] data,
      int payloadOffset)
      throws IOException;

  /** The JSON value as a message of the schema (its first message type unless it says which). */
  Encoded encode(RegisteredSchema schema, JsonNode value);

  /** A serialized message and the indexes of its type, ready to be framed. */
  record Encoded(List<Integer> messageIndexes, byte[] payload) {
    public Encoded {
      messageIndexes = List.copyOf(messageIndexes);
    }
  }

  /** Until Protobuf descriptors are supported: every Protobuf record is {@code UNSUPPORTED}. */
  ProtobufCodec UNSUPPORTED =
      new ProtobufCodec() {
        @Override
        public void write(
            JsonGenerator generator,
            RegisteredSchema schema,
            List<Integer> messageIndexes,
            byte[] data,
            int payloadOffset) {
          throw new UnsupportedOperationException("Protobuf not supported yet");
        }

        @Override
        public Encoded encode(RegisteredSchema schema, JsonNode value) {
          throw new UnsupportedOperationException("Protobuf not supported yet");
        }
      };
}
