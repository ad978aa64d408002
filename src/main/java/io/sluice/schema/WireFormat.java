package io.sluice.schema;

import io.sluice.schema.SchemaException.Kind;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The Confluent wire format: magic byte 0, the schema id as 4 bytes big-endian, for Protobuf the
 * message indexes (a zig-zag varint count, then that many zig-zag varint indexes; a single 0 byte
 * stands for {@code [0]}), then the payload. Stateless and thread-safe.
 */
public final class WireFormat {
  static final int HEADER_LENGTH = 5;
  private static final List<Integer> FIRST_MESSAGE = List.of(0);

  private WireFormat() {}

  /**
   * Reads the header of framed bytes; message indexes are read only for {@link
   * SchemaType#PROTOBUF}.
   *
   * @throws SchemaException of kind {@link Kind#NOT_WIRE_FORMAT}, saying what is wrong
   */
  public static Frame parse(byte[] data, SchemaType type) {
    if (data.length < HEADER_LENGTH) {
      throw refused("shorter than 5 bytes (" + data.length + ")");
    }
    if (data[0] != 0) {
      throw refused(String.format("first byte is 0x%02x, not 0", data[0] & 0xFF));
    }
    int id =
        ((data[1] & 0xFF) << 24)
            | ((data[2] & 0xFF) << 16)
            | ((data[3] & 0xFF) << 8)
            | data[4] & 0xFF;
    if (type != SchemaType.PROTOBUF) {
      return new Frame(id, List.of(), HEADER_LENGTH);
    }
    int[] position = {HEADER_LENGTH};
    int count = readVarint(data, position, "message-index count");
    if (count == 0) {
      return new Frame(id, FIRST_MESSAGE, position[0]);
    }
    int remaining = data.length - position[0];
    if (count < 0 || count > remaining) {
      throw refused(
          "message-index count is "
              + count
              + (count < 0 ? "" : " but only " + remaining + " bytes follow"));
    }
    List<Integer> indexes = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int index = readVarint(data, position, "message index");
      if (index < 0) {
        throw refused("message index " + i + " is negative (" + index + ")");
      }
      indexes.add(index);
    }
    return new Frame(id, indexes, position[0]);
  }

  /** Avro or JSON Schema payload framed with its schema id. */
  public static byte[] frame(int schemaId, byte[] payload) {
    byte[] framed = new byte[HEADER_LENGTH + payload.length];
    header(framed, schemaId);
    System.arraycopy(payload, 0, framed, HEADER_LENGTH, payload.length);
    return framed;
  }

  /**
   * Protobuf payload framed with its schema id and message indexes; {@code [0]} is written as the
   * single 0 byte, as Confluent's serializer does.
   *
   * @throws IllegalArgumentException for an empty list or a negative index
   */
  public static byte[] frame(int schemaId, List<Integer> messageIndexes, byte[] payload) {
    if (messageIndexes.isEmpty() || messageIndexes.stream().anyMatch(i -> i < 0)) {
      throw new IllegalArgumentException("message indexes must be non-negative, at least one");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(HEADER_LENGTH + 6 + payload.length);
    byte[] header = new byte[HEADER_LENGTH];
    header(header, schemaId);
    out.writeBytes(header);
    if (messageIndexes.equals(FIRST_MESSAGE)) {
      out.write(0);
    } else {
      writeVarint(out, messageIndexes.size());
      messageIndexes.forEach(index -> writeVarint(out, index));
    }
    out.writeBytes(payload);
    return out.toByteArray();
  }

  private static void header(byte[] target, int schemaId) {
    target[0] = 0;
    target[1] = (byte) (schemaId >>> 24);
    target[2] = (byte) (schemaId >>> 16);
    target[3] = (byte) (schemaId >>> 8);
    target[4] = (byte) schemaId;
  }

  /** A zig-zag varint of at most 5 bytes, as Confluent's {@code ByteUtils.readVarint}. */
  private static int readVarint(byte[] data, int[] position, String what) {
    int raw = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      if (position[0] >= data.length) {
        throw refused(what + " is a truncated varint");
      }
      int b = data[position[0]++];
      raw |= (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return (raw >>> 1) ^ -(raw & 1);
      }
    }
    throw refused(what + " is a varint longer than 5 bytes");
  }

  private static void writeVarint(ByteArrayOutputStream out, int value) {
    int raw = (value << 1) ^ (value >> 31);
    while ((raw & ~0x7F) != 0) {
      out.write((raw & 0x7F) | 0x80);
      raw >>>= 7;
    }
    out.write(raw);
  }

  private static SchemaException refused(String why) {
    return new SchemaException(Kind.NOT_WIRE_FORMAT, "not in the Confluent wire format: " + why);
  }
}
