package io.sluice.schema;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.schema.SchemaException.Kind;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonEncoder;

/**
 * Avro records to and from JSON as the Confluent REST Proxy does it: Avro's own JSON encoding
 * (unions as {@code {"type": value}}, bytes as ISO-8859-1 strings). Thread-safe: each thread reuses
 * encoders of its own.
 */
final class AvroCodec {
  /**
   * Per thread (an instance's poll loop is one) the JSON encoder of each schema, reused: building
   * one derives its grammar from the schema, which costs more than encoding a small record.
   */
  private static final ThreadLocal<Map<Schema, Encoding>> ENCODINGS =
      ThreadLocal.withInitial(IdentityHashMap::new);

  private static final int MAX_ENCODINGS_PER_THREAD = 64;

  private record Encoding(JsonEncoder encoder, GenericDatumWriter<Object> writer) {}

  private AvroCodec() {}

  /** Decodes the payload with its writer schema and writes it as one JSON value, on one line. */
  static void write(JsonGenerator generator, RegisteredSchema schema, byte[] data, int offset)
      throws IOException {
    byte[] json = toJson(schema, data, offset);
    // Avro's encoder puts line separators only between top-level values; there is one.
    generator.writeRawValue(new String(json, StandardCharsets.UTF_8));
  }

  static byte[] toJson(RegisteredSchema registered, byte[] data, int offset) {
    Schema schema = registered.avro().orElseThrow();
    Object datum;
    try {
      datum = new BoundedDatumReader(schema, data, offset).read();
    } catch (IOException | RuntimeException e) {
      throw new SchemaException(
          Kind.UNDECODABLE,
          "not valid Avro for schema id "
              + registered.id()
              + " ("
              + SchemaException.brief(describe(e))
              + ")",
          e);
    }
    RenderLimit.Bytes out =
        new RenderLimit.Bytes(Math.max(64, 2 * data.length), RenderLimit.of(data.length - offset));
    Map<Schema, Encoding> encodings = ENCODINGS.get();
    Encoding encoding = encodings.remove(schema);
    try {
      if (encoding == null) {
        encoding =
            new Encoding(
                EncoderFactory.get().jsonEncoder(schema, OutputStream.nullOutputStream()),
                new GenericDatumWriter<>(schema));
      }
      encoding.encoder().configure(out);
      encoding.writer().write(datum, encoding.encoder());
      encoding.encoder().flush();
      // Kept only after a whole datum: a failed write leaves the encoder halfway through one.
      if (encodings.size() >= MAX_ENCODINGS_PER_THREAD) {
        encodings.clear();
      }
      encodings.put(schema, encoding);
    } catch (RenderLimit.Exceeded e) {
      throw new SchemaException(
          Kind.UNDECODABLE, "Avro for schema id " + registered.id() + " that " + e.getMessage(), e);
    } catch (IOException e) {
      // Only memory is written, and the datum was just read with this schema.
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * The record in Avro's JSON encoding turned into Avro binary, framed with the schema's id.
   *
   * @throws SchemaException of kind {@link Kind#INVALID_RECORD} saying why it does not fit
   */
  static byte[] encode(RegisteredSchema registered, JsonNode value) {
    Schema schema = registered.avro().orElseThrow();
    Object datum;
    try {
      datum =
          new GenericDatumReader<>(schema)
              .read(null, DecoderFactory.get().jsonDecoder(schema, value.toString()));
    } catch (IOException | RuntimeException e) {
      throw new SchemaException(
          Kind.INVALID_RECORD,
          "does not match Avro schema id "
              + registered.id()
              + ": "
              + SchemaException.brief(describe(e)),
          e);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try {
      BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
      new GenericDatumWriter<>(schema).write(datum, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return WireFormat.frame(registered.id(), out.toByteArray());
  }

  private static String describe(Exception e) {
    if (e instanceof EOFException) {
      return "the payload ends before the record does";
    }
    String message = e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message;
  }
}
