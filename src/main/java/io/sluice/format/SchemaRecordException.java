package io.sluice.format;

/**
 * A key or value that cannot be rendered in its schema format; the message says why, as "it is not
 * in the Confluent wire format (…)". The record waits as a 42207 at its place.
 */
public final class SchemaRecordException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String part;

  public SchemaRecordException(String why) {
    this(why, "value");
  }

  private SchemaRecordException(String why, String part) {
    super(why, null, false, false);
    this.part = part;
  }

  /** {@code key} or {@code value}. */
  String part() {
    return part;
  }

  SchemaRecordException in(String part) {
    return new SchemaRecordException(getMessage(), part);
  }
}
