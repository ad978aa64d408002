package io.sluice.http;

import io.sluice.format.EmbeddedFormat;
import io.sluice.producer.ProduceRequest;
import io.sluice.producer.RecordParser;
import io.sluice.schema.RegisteredSchema;
import io.sluice.schema.SchemaException;
import io.sluice.schema.Schemas;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Produce in the schema formats, as the REST Proxy does: each part's schema by id ({@code
 * value_schema_id}) or as text registered under {@code <topic>-value} / {@code <topic>-key}, and
 * every record encoded with it, so one that does not fit refuses the request before anything is
 * sent.
 */
final class SchemaProduce {
  private SchemaProduce() {}

  /** The records, ready to send, and the ids of the schemas they were encoded with. */
  record Prepared(
      List<ProducerRecord<byte[], byte[]>> records, Integer keySchemaId, Integer valueSchemaId) {}

  static CompletableFuture<Prepared> prepare(
      Schemas schemas,
      String topic,
      Optional<Integer> partition,
      EmbeddedFormat format,
      ProduceRequest body) {
    RecordParser.requireRecords(body);
    CompletableFuture<Optional<RegisteredSchema>> key =
        schema(
            schemas,
            topic,
            "key",
            format,
            body.keySchema(),
            body.keySchemaId(),
            has(body, ProduceRequest.Entry::key));
    CompletableFuture<Optional<RegisteredSchema>> value =
        schema(
            schemas,
            topic,
            "value",
            format,
            body.valueSchema(),
            body.valueSchemaId(),
            has(body, ProduceRequest.Entry::value));
    return key.thenCombine(
        value,
        (keySchema, valueSchema) ->
            new Prepared(
                RecordParser.parse(
                    topic,
                    partition,
                    body,
                    encoder(schemas, keySchema),
                    encoder(schemas, valueSchema)),
                keySchema.map(RegisteredSchema::id).orElse(null),
                valueSchema.map(RegisteredSchema::id).orElse(null)));
  }

  /** Key and value schemas belong to the schema formats only. */
  static void refuseSchemasFor(EmbeddedFormat format, ProduceRequest body) {
    if (body != null
        && (body.keySchema() != null
            || body.keySchemaId() != null
            || body.valueSchema() != null
            || body.valueSchemaId() != null)) {
      throw RequestException.invalid(
          "key_schema, key_schema_id, value_schema and value_schema_id apply to avro, jsonschema"
              + " and protobuf records, not to "
              + format.wireName()
              + "; send Content-Type application/vnd.kafka.avro.v2+json (or jsonschema, protobuf)");
    }
  }

  private static boolean has(
      ProduceRequest body,
      Function<ProduceRequest.Entry, com.fasterxml.jackson.databind.JsonNode> part) {
    return body.records().stream()
        .anyMatch(
            entry -> entry != null && part.apply(entry) != null && !part.apply(entry).isNull());
  }

  private static CompletableFuture<Optional<RegisteredSchema>> schema(
      Schemas schemas,
      String topic,
      String part,
      EmbeddedFormat format,
      String text,
      Integer id,
      boolean needed) {
    if (text != null && id != null) {
      throw RequestException.invalid(
          "Give " + part + "_schema or " + part + "_schema_id, not both");
    }
    if (id != null) {
      return schemas
          .byId(id)
          .thenApply(
              schema -> {
                if (schema.type() != Schemas.typeOf(format)) {
                  throw RequestException.invalid(
                      part
                          + "_schema_id "
                          + id
                          + " is a "
                          + schema.type().displayName()
                          + " schema; these records are "
                          + format.wireName());
                }
                return Optional.of(schema);
              });
    }
    if (text != null) {
      return schemas.register(topic + "-" + part, format, text).thenApply(Optional::of);
    }
    if (needed) {
      throw RequestException.invalid(
          "Records with a "
              + part
              + " need its schema: give "
              + part
              + "_schema (the schema itself) or "
              + part
              + "_schema_id (its id in the schema registry)");
    }
    return CompletableFuture.completedFuture(Optional.empty());
  }

  private static RecordParser.PartEncoder encoder(
      Schemas schemas, Optional<RegisteredSchema> schema) {
    return (index, node) -> {
      RegisteredSchema with = schema.orElseThrow();
      try {
        return schemas.encode(with, node);
      } catch (SchemaException e) {
        // A misfit names its schema itself: "does not match Avro schema id 5: …".
        throw new IllegalArgumentException(
            e.kind() == SchemaException.Kind.INVALID_RECORD
                ? e.getMessage()
                : "does not fit schema id " + with.id() + ": " + e.getMessage(),
            e);
      }
    };
  }
}
