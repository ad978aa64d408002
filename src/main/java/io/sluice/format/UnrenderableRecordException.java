package io.sluice.format;

/**
 * A record whose key or value cannot be rendered in the instance's format. It stays at the head of
 * the instance's buffer: the client learns its position and can seek past it; it is never skipped.
 */
public final class UnrenderableRecordException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UnrenderableRecordException(
      String topic, int partition, long offset, EmbeddedFormat format, String part, String why) {
    super(
        "The record at topic "
            + topic
            + ", partition "
            + partition
            + ", offset "
            + offset
            + " cannot be rendered as "
            + format.wireName()
            + ": its "
            + part
            + " "
            + why.replaceFirst("^it ", "")
            + ". Seek past offset "
            + offset
            + " or use another format.");
  }
}
