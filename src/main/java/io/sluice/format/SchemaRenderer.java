package io.sluice.format;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/**
 * Renders keys and values of the schema formats ({@code avro}, {@code jsonschema}, {@code
 * protobuf}): data in the Confluent wire format, decoded with the schema its id names. Called on
 * the poll loop's thread; may block briefly for a schema it has not seen yet.
 */
public interface SchemaRenderer {
  /**
   * Writes {@code data} as JSON. Throws {@link SchemaRecordException} when the data itself cannot
   * be rendered (not the wire format, an id the registry does not know, bytes that do not fit the
   * schema), and {@link SchemasUnavailableException} when the registry did not answer (the record
   * is fine; try again later).
   */
  void write(JsonGenerator generator, EmbeddedFormat format, byte[] data) throws IOException;

  /** For gateways without a schema registry: no instance of theirs has a schema format. */
  SchemaRenderer NONE =
      (generator, format, data) -> {
        throw new IllegalStateException("No schema registry is configured for " + format);
      };
}
