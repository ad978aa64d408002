package io.sluice.schema;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import com.networknt.schema.AbsoluteIri;
import com.networknt.schema.Error;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.sluice.schema.SchemaException.Kind;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * JSON Schema records: the payload is the JSON document itself. Reading checks it is one JSON
 * document (not its schema, as Confluent's deserializer does not by default); producing validates
 * against the schema. Schemas without {@code $schema} are draft-07, the registry's default. Remote
 * {@code $ref}s are never fetched. Stateless and thread-safe.
 */
final class JsonSchemaCodec {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int PROBLEMS_SHOWN = 3;

  private JsonSchemaCodec() {}

  /**
   * @throws IllegalArgumentException when the text is not JSON, or not an object or boolean
   */
  static com.networknt.schema.Schema compile(String text, Map<String, String> references) {
    JsonNode node;
    try {
      // Parsed here: the validator's own parsing logs every bad schema as an error.
      node = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "not JSON: " + SchemaException.brief(e.getOriginalMessage()));
    }
    if (node == null || !(node.isObject() || node.isBoolean())) {
      throw new IllegalArgumentException("neither a JSON object nor a boolean");
    }
    for (JsonNode ref : node.findValues("$ref")) {
      if (ref.isTextual() && local(AbsoluteIri.of(ref.textValue()))) {
        throw new IllegalArgumentException(
            "a $ref to "
                + SchemaException.brief(ref.textValue())
                + " is not allowed: a reference"
                + " names another registered schema");
      }
    }
    SchemaRegistry registry =
        SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_7,
            builder ->
                builder
                    .schemaLoader(
                        loader ->
                            loader
                                .fetchRemoteResources(false)
                                // A producer's $ref must not read the gateway's own files.
                                .block(JsonSchemaCodec::local))
                    .schemas(references));
    return registry.getSchema(node);
  }

  private static boolean local(AbsoluteIri iri) {
    String scheme = iri.getScheme() == null ? "" : iri.getScheme().toLowerCase(Locale.ROOT);
    return scheme.equals("classpath")
        || scheme.equals("resource")
        || scheme.equals("file")
        || scheme.equals("jar");
  }

  /** Writes the payload as one JSON value; nothing is written when it is not one JSON document. */
  static void write(JsonGenerator generator, RegisteredSchema schema, byte[] data, int offset)
      throws IOException {
    TokenBuffer document;
    try (JsonParser parser = MAPPER.getFactory().createParser(data, offset, data.length - offset)) {
      if (parser.nextToken() == null) {
        throw undecodable(schema, "the payload is empty");
      }
      document = new TokenBuffer(parser);
      document.copyCurrentStructure(parser);
      if (parser.nextToken() != null) {
        throw undecodable(schema, "the payload holds more than one JSON document");
      }
    } catch (JsonProcessingException e) {
      throw undecodable(
          schema, "the payload is not JSON: " + SchemaException.brief(e.getOriginalMessage()));
    }
    document.serialize(generator);
  }

  /**
   * The document, validated against its schema, framed with the schema's id.
   *
   * @throws SchemaException of kind {@link Kind#INVALID_RECORD} naming the first problems
   */
  static byte[] encode(RegisteredSchema schema, JsonNode value) {
    List<Error> errors;
    try {
      errors = schema.json().orElseThrow().validate(value);
    } catch (RuntimeException e) {
      // A $ref that resolves to nothing: remote references are never fetched.
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      throw new SchemaException(
          Kind.INVALID_SCHEMA,
          "JSON schema id "
              + schema.id()
              + " cannot be used: a $ref in it does not resolve ("
              + SchemaException.brief(root.getMessage())
              + "); remote references are not fetched",
          e);
    }
    if (!errors.isEmpty()) {
      String shown =
          errors.stream()
              .limit(PROBLEMS_SHOWN)
              .map(JsonSchemaCodec::describe)
              .collect(Collectors.joining("; "));
      int more = errors.size() - PROBLEMS_SHOWN;
      throw new SchemaException(
          Kind.INVALID_RECORD,
          "does not match JSON schema id "
              + schema.id()
              + ": "
              + shown
              + (more > 0 ? " (and " + more + " more)" : ""));
    }
    try {
      return WireFormat.frame(schema.id(), MAPPER.writeValueAsBytes(value));
    } catch (JsonProcessingException e) {
      throw new SchemaException(Kind.INVALID_RECORD, "cannot be written as JSON", e);
    }
  }

  /** {@code /age: must have a minimum value of 0}; the document itself is {@code $}. */
  private static String describe(Error error) {
    String location = error.getInstanceLocation().toString();
    return SchemaException.brief((location.isEmpty() ? "$" : location) + ": " + error.getMessage());
  }

  private static SchemaException undecodable(RegisteredSchema schema, String why) {
    return new SchemaException(
        Kind.UNDECODABLE, "not valid JSON for schema id " + schema.id() + ": " + why);
  }
}
