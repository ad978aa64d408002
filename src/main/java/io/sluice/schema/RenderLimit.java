package io.sluice.schema;

import java.io.ByteArrayOutputStream;

/**
 * How much JSON one decoded key or value may render to. A few wire bytes can stand for much JSON
 * (empty nested records, defaults printed in full), so a hostile record could otherwise fill the
 * heap of the poll thread's gateway; beyond the limit the record is undecodable (a 42207).
 */
final class RenderLimit {
  private static final int FLOOR = 1 << 20;
  private static final int PER_PAYLOAD_BYTE = 64;

  private RenderLimit() {}

  /** Thrown when the JSON grows past the limit; callers turn it into an undecodable record. */
  static final class Exceeded extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Exceeded(long limit) {
      super("it renders to more than " + limit + " bytes of JSON", null, false, false);
    }
  }

  static long of(int payloadBytes) {
    return Math.max(FLOOR, (long) PER_PAYLOAD_BYTE * payloadBytes);
  }

  /** A byte buffer that refuses to grow past the limit. */
  static final class Bytes extends ByteArrayOutputStream {
    private final long limit;

    Bytes(int initial, long limit) {
      super(initial);
      this.limit = limit;
    }

    @Override
    public synchronized void write(int b) {
      check(1);
      super.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      check(len);
      super.write(b, off, len);
    }

    private void check(int more) {
      if (count + (long) more > limit) {
        throw new Exceeded(limit);
      }
    }
  }

  /** A string builder that refuses to grow past the limit (in characters). */
  static final class Text implements Appendable {
    private final StringBuilder text = new StringBuilder();
    private final long limit;

    Text(long limit) {
      this.limit = limit;
    }

    @Override
    public Appendable append(CharSequence chars) {
      return append(chars, 0, chars.length());
    }

    @Override
    public Appendable append(CharSequence chars, int start, int end) {
      check(end - start);
      text.append(chars, start, end);
      return this;
    }

    @Override
    public Appendable append(char c) {
      check(1);
      text.append(c);
      return this;
    }

    private void check(int more) {
      if (text.length() + (long) more > limit) {
        throw new Exceeded(limit);
      }
    }

    @Override
    public String toString() {
      return text.toString();
    }
  }
}
