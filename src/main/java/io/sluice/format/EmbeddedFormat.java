package io.sluice.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * How record keys and values are embedded in the JSON answer of {@code GET …/records}: base64
 * ({@code binary}), the parsed JSON document ({@code json}), a UTF-8 string ({@code text}), or
 * decoded from the Confluent wire format with the schema its id names ({@code avro}, {@code
 * jsonschema}, {@code protobuf}).
 */
public enum EmbeddedFormat {
  BINARY("binary") {
    @Override
    String problem(byte[] data) {
      return null;
    }

    /** The JDK's encoder: vectorised on current CPUs, several times Jackson's speed. */
    @Override
    void writeData(JsonGenerator generator, byte[] data) throws IOException {
      byte[] encoded = Base64.getEncoder().encode(data);
      generator.writeRawUTF8String(encoded, 0, encoded.length);
    }
  },
  JSON("json") {
    @Override
    String problem(byte[] data) {
      try (JsonParser parser = PARSING.createParser(data)) {
        if (parser.nextToken() == null) {
          return "it is empty, not a JSON document";
        }
        parser.skipChildren();
        JsonToken trailing = parser.nextToken();
        return trailing == null ? null : "it holds more than one JSON document";
      } catch (IOException e) {
        return "it is not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")";
      }
    }

    /**
     * A valid document ({@link #problem}) of printable ASCII is copied as it is: it holds no line
     * break (an answer's record stays on one line, as streams need) and no other encoding. Anything
     * else is parsed and written again, compact and in UTF-8.
     */
    @Override
    void writeData(JsonGenerator generator, byte[] data) throws IOException {
      if (printableAscii(data)) {
        // ASCII is ISO-8859-1: the string is the bytes, copied once.
        generator.writeRawValue(new String(data, StandardCharsets.ISO_8859_1));
        return;
      }
      try (JsonParser parser = PARSING.createParser(data)) {
        parser.nextToken();
        generator.copyCurrentStructure(parser);
      }
    }
  },
  TEXT("text") {
    @Override
    String problem(byte[] data) {
      try {
        StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(data));
        return null;
      } catch (CharacterCodingException e) {
        return "it is not valid UTF-8 text";
      }
    }

    /** The data was checked to be UTF-8 ({@link #problem}): it is escaped, not decoded. */
    @Override
    void writeData(JsonGenerator generator, byte[] data) throws IOException {
      generator.writeUTF8String(data, 0, data.length);
    }
  },
  /** Avro in the Confluent wire format, rendered by Avro's JSON encoding (as the REST Proxy). */
  AVRO("avro"),
  /** JSON Schema in the Confluent wire format: the JSON document after the schema id. */
  JSONSCHEMA("jsonschema"),
  /** Protobuf in the Confluent wire format, rendered by protobuf-java's {@code JsonFormat}. */
  PROTOBUF("protobuf");

  private static final JsonFactory PARSING = new JsonFactory();

  private static boolean printableAscii(byte[] data) {
    for (byte b : data) {
      if ((b < 0x20 && b != '\t') || b == 0x7F) {
        return false;
      }
    }
    return true;
  }

  private final String wireName;

  EmbeddedFormat(String wireName) {
    this.wireName = wireName;
  }

  /** The name clients use: {@code binary}, {@code json}, {@code text}, {@code avro}, …. */
  public String wireName() {
    return wireName;
  }

  /** {@code application/vnd.kafka.<format>.v2+json}. */
  public String mediaType() {
    return "application/vnd.kafka." + wireName + ".v2+json";
  }

  /** Accepts the wire names, case-insensitively, and {@code string} as an alias of text. */
  public static Optional<EmbeddedFormat> fromName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.equals("string")) {
      return Optional.of(TEXT);
    }
    for (EmbeddedFormat format : values()) {
      if (format.wireName.equals(lower)) {
        return Optional.of(format);
      }
    }
    return Optional.empty();
  }

  /** Why these bytes cannot be rendered in this format, or null when they can (null data can). */
  public String unrenderable(byte[] data) {
    return data == null ? null : problem(data);
  }

  /** Writes one key or value; null data is JSON {@code null}. */
  public void write(JsonGenerator generator, byte[] data) throws IOException {
    if (data == null) {
      generator.writeNull();
    } else {
      writeData(generator, data);
    }
  }

  /** Whether the data is in the Confluent wire format and rendered by a {@link SchemaRenderer}. */
  public boolean usesSchemas() {
    return this == AVRO || this == JSONSCHEMA || this == PROTOBUF;
  }

  /** Schema formats find their problems while rendering: decoding is the check. */
  String problem(byte[] data) {
    return null;
  }

  void writeData(JsonGenerator generator, byte[] data) throws IOException {
    throw new IllegalStateException(wireName + " data is rendered by a SchemaRenderer");
  }
}
