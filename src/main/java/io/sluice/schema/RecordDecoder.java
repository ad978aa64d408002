package io.sluice.schema;

import com.fasterxml.jackson.core.JsonGenerator;
import io.sluice.schema.SchemaException.Kind;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Renders record keys and values in the Confluent wire format as JSON, each with the schema whose
 * id it carries, so records written with an older schema render with that older schema. Avro is
 * rendered as the REST Proxy renders it (Avro's JSON encoding), JSON Schema as the document itself,
 * Protobuf by the {@link ProtobufCodec}.
 *
 * <p>Thread-safe. {@link #write} blocks while a schema that is not cached is fetched: at most
 * {@code schema.registry.request.timeout.ms} for each registry URL.
 */
public final class RecordDecoder {
  private final SchemaRegistryClient registry;
  private final ProtobufCodec protobuf;

  public RecordDecoder(SchemaRegistryClient registry, ProtobufCodec protobuf) {
    this.registry = registry;
    this.protobuf = protobuf;
  }

  /**
   * Writes framed bytes as one JSON value on one line; null data is JSON {@code null}.
   *
   * @param expected the type the client asked for (the instance's format)
   * @throws SchemaException when the record cannot be rendered ({@link Kind#NOT_WIRE_FORMAT},
   *     {@link Kind#SCHEMA_NOT_FOUND}, {@link Kind#WRONG_TYPE}, {@link Kind#UNDECODABLE}, {@link
   *     Kind#UNSUPPORTED}: a problem of this record) or its schema cannot be had now ({@link
   *     Kind#REGISTRY_UNAVAILABLE}); nothing has been written to the generator then
   * @throws IOException only from the generator
   */
  public void write(JsonGenerator generator, SchemaType expected, byte[] data) throws IOException {
    if (data == null) {
      generator.writeNull();
      return;
    }
    Frame frame = WireFormat.parse(data, expected);
    RegisteredSchema schema = await(registry.schema(frame.schemaId()));
    if (schema.type() != expected) {
      throw new SchemaException(
          Kind.WRONG_TYPE,
          "schema id "
              + schema.id()
              + " is a "
              + schema.type().displayName()
              + " schema, not "
              + (expected == SchemaType.AVRO ? "an " : "a ")
              + expected.displayName()
              + " schema");
    }
    switch (expected) {
      case AVRO -> AvroCodec.write(generator, schema, data, frame.payloadOffset());
      case JSON -> JsonSchemaCodec.write(generator, schema, data, frame.payloadOffset());
      case PROTOBUF -> writeProtobuf(generator, schema, frame, data);
    }
  }

  private void writeProtobuf(
      JsonGenerator generator, RegisteredSchema schema, Frame frame, byte[] data)
      throws IOException {
    try {
      protobuf.write(generator, schema, frame.messageIndexes(), data, frame.payloadOffset());
    } catch (UnsupportedOperationException e) {
      throw new SchemaException(Kind.UNSUPPORTED, SchemaException.brief(e.getMessage()), e);
    } catch (IllegalArgumentException e) {
      throw new SchemaException(
          Kind.UNDECODABLE,
          "not valid Protobuf for schema id "
              + schema.id()
              + " ("
              + SchemaException.brief(e.getMessage())
              + ")",
          e);
    }
  }

  /** The future's value; its {@link SchemaException} is thrown as it is. */
  static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchemaException(
          Kind.REGISTRY_UNAVAILABLE, "Interrupted while waiting for the schema registry", e);
    }
  }
}
