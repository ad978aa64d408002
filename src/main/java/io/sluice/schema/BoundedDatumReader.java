package io.sluice.schema;

import java.io.IOException;
import java.io.InputStream;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.ResolvingDecoder;

/**
 * Reads one Avro datum from a record's payload without trusting its lengths. Avro allocates what a
 * length prefix claims before reading (seven hostile bytes ask for a gigabyte); here a string,
 * bytes or a collection longer than what remains of the payload is refused first. One instance per
 * payload; not thread-safe.
 */
final class BoundedDatumReader extends GenericDatumReader<Object> {
  /** Items of a zero-width type ({@code null}) take no bytes; a few are allowed beyond the size. */
  private static final int ZERO_WIDTH_ITEMS = 1024;

  private static final int PREALLOCATED = 64;

  /** Nesting deeper than JSON tools read comfortably; far within the poll thread's stack. */
  static final int MAX_DEPTH = 200;

  /** Avro's fast reader (on by default since 1.10) would bypass the checks below. */
  private static final GenericData CHECKED = new GenericData().setFastReaderEnabled(false);

  private final Payload payload;
  private final int payloadSize;
  private final long maxItems;
  private long items;
  private int depth;

  BoundedDatumReader(Schema schema, byte[] data, int offset) {
    super(schema, schema, CHECKED);
    this.payload = new Payload(data, offset);
    this.payloadSize = data.length - offset;
    this.maxItems = (long) payloadSize + ZERO_WIDTH_ITEMS;
  }

  /** The datum; the bytes after it, if any, are ignored as Confluent's deserializer does. */
  Object read() throws IOException {
    // Unbuffered, so the payload's position is the decoder's and a length can be looked at first.
    return read(null, DecoderFactory.get().directBinaryDecoder(payload, null));
  }

  /**
   * Every datum, nested ones too: a recursive schema lets a kilobyte nest a thousand levels deep,
   * and reading that would overflow the poll thread's stack.
   */
  @Override
  protected Object read(Object old, Schema expected, ResolvingDecoder in) throws IOException {
    if (++depth > MAX_DEPTH) {
      throw new AvroRuntimeException("it nests deeper than " + MAX_DEPTH + " levels");
    }
    try {
      return super.read(old, expected, in);
    } finally {
      depth--;
    }
  }

  @Override
  protected Object readString(Object old, Schema expected, Decoder in) throws IOException {
    payload.checkLength("a string");
    return super.readString(old, expected, in);
  }

  @Override
  protected Object readBytes(Object old, Schema expected, Decoder in) throws IOException {
    payload.checkLength("a bytes value");
    return super.readBytes(old, expected, in);
  }

  @Override
  protected Object readMapKey(Object old, Schema expected, Decoder in) throws IOException {
    payload.checkLength("a map key");
    return super.readMapKey(old, expected, in);
  }

  @Override
  protected Object newArray(Object old, int size, Schema schema) {
    checkItems(size, "an array");
    return super.newArray(old, Math.min(size, PREALLOCATED), schema);
  }

  @Override
  protected void addToArray(Object array, long pos, Object e) {
    checkItems(1, "its arrays");
    items++;
    super.addToArray(array, pos, e);
  }

  @Override
  protected Object newMap(Object old, int size) {
    checkItems(size, "a map");
    return super.newMap(old, Math.min(size, PREALLOCATED));
  }

  @Override
  protected void addToMap(Object map, Object key, Object value) {
    checkItems(1, "its maps");
    items++;
    super.addToMap(map, key, value);
  }

  private void checkItems(long more, String what) {
    if (more < 0 || items + more > maxItems) {
      throw new AvroRuntimeException(
          what
              + " claim"
              + (what.startsWith("its") ? "" : "s")
              + " more items than "
              + payloadSize
              + " bytes can hold");
    }
  }

  /** The payload as an unsynchronized stream that can read a length ahead of the decoder. */
  private static final class Payload extends InputStream {
    private final byte[] data;
    private int position;

    Payload(byte[] data, int offset) {
      this.data = data;
      this.position = offset;
    }

    /** Refuses a zig-zag varint length that is longer than the bytes after it. */
    void checkLength(String what) {
      long raw = 0;
      int at = position;
      for (int shift = 0; shift < 64 && at < data.length; shift += 7) {
        int b = data[at++];
        raw |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          long length = (raw >>> 1) ^ -(raw & 1);
          if (length > data.length - at) {
            throw new AvroRuntimeException(
                what + " claims " + length + " bytes but only " + (data.length - at) + " remain");
          }
          return;
        }
      }
      // Truncated or overlong: the decoder itself says so.
    }

    @Override
    public int read() {
      return position < data.length ? data[position++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] target, int offset, int length) {
      if (length == 0) {
        return 0;
      }
      int n = Math.min(length, data.length - position);
      if (n <= 0) {
        return -1;
      }
      System.arraycopy(data, position, target, offset, n);
      position += n;
      return n;
    }

    @Override
    public long skip(long n) {
      long skipped = Math.max(0, Math.min(n, data.length - position));
      position += (int) skipped;
      return skipped;
    }

    @Override
    public int available() {
      return data.length - position;
    }
  }
}
