package io.sluice.schema;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * A schema as the registry holds it, parsed once: its id, type, text and the texts of the schemas
 * it references. Immutable and thread-safe; equal only to itself, so a codec may key its own cache
 * on it (a Protobuf codec its descriptors, say).
 */
public final class RegisteredSchema {
  private final int id;
  private final SchemaType type;
  private final String text;
  private final Map<String, String> references;
  private final Schema avro;
  private final com.networknt.schema.Schema json;

  private RegisteredSchema(
      int id,
      SchemaType type,
      String text,
      Map<String, String> references,
      Schema avro,
      com.networknt.schema.Schema json) {
    this.id = id;
    this.type = type;
    this.text = text;
    this.references = references;
    this.avro = avro;
    this.json = json;
  }

  /**
   * Parses Avro and JSON schemas (Protobuf is left to its codec).
   *
   * @param references name to schema text, each after the schemas it references itself
   * @throws IllegalArgumentException when the text is not a schema of its type
   */
  static RegisteredSchema parse(
      int id, SchemaType type, String text, Map<String, String> references) {
    Map<String, String> refs = Collections.unmodifiableMap(new LinkedHashMap<>(references));
    try {
      return switch (type) {
        case AVRO -> new RegisteredSchema(id, type, text, refs, avro(text, refs), null);
        case JSON ->
            new RegisteredSchema(id, type, text, refs, null, JsonSchemaCodec.compile(text, refs));
        case PROTOBUF -> new RegisteredSchema(id, type, text, refs, null, null);
      };
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "not a valid "
              + type.displayName()
              + " schema ("
              + SchemaException.brief(e.getMessage())
              + ")",
          e);
    }
  }

  /** The same schema under the id the registry gave it. */
  RegisteredSchema withId(int registeredId) {
    return new RegisteredSchema(registeredId, type, text, references, avro, json);
  }

  private static Schema avro(String text, Map<String, String> references) {
    // Defaults are the registry's business: it accepted the schema, so the records are read.
    Schema.Parser parser = new Schema.Parser().setValidateDefaults(false);
    references.values().forEach(parser::parse);
    return parser.parse(text);
  }

  /** The registry's id of this schema. */
  public int id() {
    return id;
  }

  public SchemaType type() {
    return type;
  }

  /** The schema as registered. */
  public String text() {
    return text;
  }

  /**
   * The schemas this one references (Avro named types, Protobuf imports, JSON Schema {@code $ref}
   * targets), by reference name, transitively, each after the ones it references.
   */
  public Map<String, String> references() {
    return references;
  }

  Optional<Schema> avro() {
    return Optional.ofNullable(avro);
  }

  Optional<com.networknt.schema.Schema> json() {
    return Optional.ofNullable(json);
  }

  @Override
  public String toString() {
    return type.displayName() + " schema " + id;
  }
}
