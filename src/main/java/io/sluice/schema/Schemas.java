package io.sluice.schema;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.sluice.config.SchemaRegistrySettings;
import io.sluice.format.EmbeddedFormat;
import io.sluice.format.SchemaRecordException;
import io.sluice.format.SchemaRenderer;
import io.sluice.format.SchemasUnavailableException;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * The schema formats of one gateway: records rendered from the Confluent wire format with schemas
 * fetched by id from {@code schema.registry.url}, and produced records encoded with a schema given
 * by id or registered under {@code <topic>-key} / {@code <topic>-value}. Thread-safe.
 */
public final class Schemas implements SchemaRenderer {
  private final SchemaRegistryClient registry;
  private final RecordDecoder decoder;
  private final RecordEncoder encoder;

  public Schemas(SchemaRegistrySettings settings, MeterRegistry meters) {
    this.registry = new SchemaRegistryClient(settings, meters);
    ProtobufCodec protobuf = new ProtobufJsonCodec(settings.cacheMaxSchemas());
    this.decoder = new RecordDecoder(registry, protobuf);
    this.encoder = new RecordEncoder(protobuf);
  }

  /** The registry's schema type of an embedded format that uses schemas. */
  public static SchemaType typeOf(EmbeddedFormat format) {
    return switch (format) {
      case AVRO -> SchemaType.AVRO;
      case JSONSCHEMA -> SchemaType.JSON;
      case PROTOBUF -> SchemaType.PROTOBUF;
      default -> throw new IllegalArgumentException(format + " uses no schema");
    };
  }

  @Override
  public void write(JsonGenerator generator, EmbeddedFormat format, byte[] data)
      throws IOException {
    try {
      decoder.write(generator, typeOf(format), data);
    } catch (SchemaException e) {
      if (e.kind() == SchemaException.Kind.REGISTRY_UNAVAILABLE) {
        throw new SchemasUnavailableException(e.getMessage(), e);
      }
      throw new SchemaRecordException(reason(e));
    }
  }

  /** The failure as said of the key or value: "its value is not in the Confluent wire format…". */
  private static String reason(SchemaException e) {
    return e.kind() == SchemaException.Kind.NOT_WIRE_FORMAT
        ? "is " + e.getMessage()
        : "cannot be read: " + e.getMessage();
  }

  /** The schema with this id; fails with a {@link SchemaException}. */
  public CompletableFuture<RegisteredSchema> byId(int id) {
    return registry.schema(id);
  }

  /**
   * Registers (or finds) the schema under {@code subject}; fails with a {@link SchemaException}.
   */
  public CompletableFuture<RegisteredSchema> register(
      String subject, EmbeddedFormat format, String schema) {
    return registry.register(subject, typeOf(format), schema);
  }

  /**
   * The value in the wire format of the schema; a value that does not fit it is a {@link
   * SchemaException} of kind {@code INVALID_RECORD} saying why.
   */
  public byte[] encode(RegisteredSchema schema, JsonNode value) {
    return encoder.encode(schema, value);
  }
}
