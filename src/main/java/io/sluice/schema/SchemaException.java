package io.sluice.schema;

/**
 * A failure of the schema layer; {@link Kind} says which, so one table can map it to an answer. The
 * message is a phrase without the record's position ("schema id 42 is not in the schema registry"):
 * a caller that knows topic, partition and offset puts it in its own sentence. Messages never echo
 * credentials or large parts of a record.
 */
public final class SchemaException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why; the first five are problems of one record that is read (REST Proxy: 42207-style). */
  public enum Kind {
    /** The bytes are not in the Confluent wire format (magic byte, schema id, indexes). */
    NOT_WIRE_FORMAT,
    /** The registry does not know the schema id (it answered 404 with error 40403). */
    SCHEMA_NOT_FOUND,
    /** The schema is of another type than the one asked for (a JSON schema for avro). */
    WRONG_TYPE,
    /** The payload does not decode with its schema, or the registered schema does not parse. */
    UNDECODABLE,
    /** A schema type this gateway cannot handle yet (Protobuf until its codec is plugged in). */
    UNSUPPORTED,
    /** No registry URL answered, or every one answered 5xx, timed out or refused the login. */
    REGISTRY_UNAVAILABLE,
    /** A schema given to produce with does not parse. */
    INVALID_SCHEMA,
    /** A record to produce does not match its schema. */
    INVALID_RECORD,
    /** The registry refused to register a schema (incompatible with earlier versions, invalid). */
    SCHEMA_REJECTED
  }

  private final Kind kind;

  SchemaException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  SchemaException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  /** First line of a library's message, cut to a length fit for an error answer. */
  static String brief(String message) {
    if (message == null) {
      return "no detail";
    }
    String line = message.lines().findFirst().orElse("").strip();
    return line.length() <= 200 ? line : line.substring(0, 199) + "…";
  }
}
