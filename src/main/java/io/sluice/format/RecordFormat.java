package io.sluice.format;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * How an instance embeds record keys and values, each part in its own {@link EmbeddedFormat}.
 *
 * @param lenientKey a {@code json} key that is not one JSON document is rendered as a JSON string
 *     of its UTF-8 text: plain string keys (user ids) are the most common keys next to JSON values,
 *     so a {@code json} instance reads them unless {@code key.format} was set explicitly
 */
public record RecordFormat(
    EmbeddedFormat key, EmbeddedFormat value, boolean lenientKey, SchemaRenderer schemas) {

  /** Parts in formats of their own, without schemas. */
  public RecordFormat(EmbeddedFormat key, EmbeddedFormat value, boolean lenientKey) {
    this(key, value, lenientKey, SchemaRenderer.NONE);
  }

  /** Both parts in {@code format}; a {@code json} key falls back to text. */
  public static RecordFormat of(EmbeddedFormat format) {
    return new RecordFormat(format, format, format == EmbeddedFormat.JSON);
  }

  /** {@code json}, or {@code key text, value json} when the parts differ. */
  public String describe() {
    return key == value
        ? value.wireName()
        : "key " + key.wireName() + ", value " + value.wireName();
  }

  /** Why this record cannot be rendered, or null when it can. */
  public UnrenderableRecordException problem(ConsumerRecord<byte[], byte[]> record) {
    String why = keyProblem(record.key());
    if (why != null) {
      return unrenderable(record, key, "key", why, record.key());
    }
    why = value.unrenderable(record.value());
    return why == null ? null : unrenderable(record, value, "value", why, record.value());
  }

  /**
   * The 42207 failure of a record that passed {@link #problem} but still failed to render
   * (Jackson's limits, say nesting depth): it stays at its place, as any unrenderable record does.
   */
  public UnrenderableRecordException failed(
      ConsumerRecord<byte[], byte[]> record, RuntimeException e) {
    if (e instanceof SchemaRecordException bad) {
      EmbeddedFormat format = bad.part().equals("key") ? key : value;
      return new UnrenderableRecordException(
          record.topic(),
          record.partition(),
          record.offset(),
          format,
          bad.part(),
          bad.getMessage(),
          "create the instance with \"" + bad.part() + ".format\":\"binary\"");
    }
    return new UnrenderableRecordException(
        record.topic(),
        record.partition(),
        record.offset(),
        value,
        "value",
        "it could not be rendered ("
            + Objects.toString(e.getMessage(), e.getClass().getSimpleName())
                .lines()
                .findFirst()
                .orElse("")
            + ")",
        "create the instance with \"value.format\":\"binary\"");
  }

  public void writeKey(JsonGenerator generator, byte[] data) throws IOException {
    if (key.usesSchemas()) {
      writeDecoded(generator, key, "key", data);
    } else if (lenientKey && data != null && key.unrenderable(data) != null) {
      EmbeddedFormat.TEXT.write(generator, data);
    } else {
      key.write(generator, data);
    }
  }

  public void writeValue(JsonGenerator generator, byte[] data) throws IOException {
    if (value.usesSchemas()) {
      writeDecoded(generator, value, "value", data);
    } else {
      value.write(generator, data);
    }
  }

  private void writeDecoded(
      JsonGenerator generator, EmbeddedFormat format, String part, byte[] data) throws IOException {
    if (data == null) {
      generator.writeNull();
      return;
    }
    try {
      schemas.write(generator, format, data);
    } catch (SchemaRecordException e) {
      throw e.in(part);
    }
  }

  private String keyProblem(byte[] data) {
    String why = key.unrenderable(data);
    if (why != null && lenientKey && EmbeddedFormat.TEXT.unrenderable(data) != null) {
      return "it is neither JSON nor valid UTF-8 text";
    }
    return lenientKey ? null : why;
  }

  /** The 42207 failure, suggesting the create setting that would render this part. */
  private static UnrenderableRecordException unrenderable(
      ConsumerRecord<byte[], byte[]> record,
      EmbeddedFormat format,
      String part,
      String why,
      byte[] data) {
    String setting = "\"" + part + ".format\":";
    String suggestion =
        format != EmbeddedFormat.TEXT && EmbeddedFormat.TEXT.unrenderable(data) == null
            ? "create the instance with " + setting + "\"text\" or " + setting + "\"binary\""
            : "create the instance with " + setting + "\"binary\"";
    return new UnrenderableRecordException(
        record.topic(), record.partition(), record.offset(), format, part, why, suggestion);
  }
}
