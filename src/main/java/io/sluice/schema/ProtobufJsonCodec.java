package io.sluice.schema;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.sluice.schema.ProtobufSchemas.ProtobufFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Protobuf through protobuf-java: descriptors parsed from the registered {@code .proto} once per
 * schema (bounded cache), records printed by {@code JsonFormat} as the REST Proxy prints them, and
 * produced JSON parsed as the schema's first message. Thread-safe.
 */
final class ProtobufJsonCodec implements ProtobufCodec {
  private final Cache<RegisteredSchema, ProtobufFile> files;

  ProtobufJsonCodec(int maxSchemas) {
    this.files = Caffeine.newBuilder().maximumSize(maxSchemas).build();
  }

  @Override
  public void write(
      JsonGenerator generator,
      RegisteredSchema schema,
      List<Integer> messageIndexes,
      byte[] data,
      int payloadOffset)
      throws IOException {
    String json;
    try {
      json =
          ProtobufJson.toJson(
              ProtobufSchemas.messageFor(file(schema), messageIndexes),
              ByteBuffer.wrap(data, payloadOffset, data.length - payloadOffset));
    } catch (ProtobufDataException | ProtobufSchemaException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    generator.writeRawValue(json);
  }

  @Override
  public Encoded encode(RegisteredSchema schema, JsonNode value) {
    List<Integer> first = List.of(0);
    try {
      return new Encoded(
          first,
          ProtobufJson.fromJson(ProtobufSchemas.messageFor(file(schema), first), value.toString()));
    } catch (ProtobufDataException | ProtobufSchemaException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private ProtobufFile file(RegisteredSchema schema) {
    if (!schema.references().isEmpty()) {
      throw new UnsupportedOperationException(
          "Protobuf schemas that import other registered schemas are not supported yet");
    }
    return files.get(schema, s -> ProtobufSchemas.parseFile(s.text()));
  }
}
