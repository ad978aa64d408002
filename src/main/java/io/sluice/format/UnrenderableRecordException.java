package io.sluice.format;

/**
 * A record whose key or value cannot be rendered in the instance's format. It stays at the head of
 * the instance's buffer: the client learns its position and can seek past it; it is never skipped.
 */
public final class UnrenderableRecordException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String topic;
  private final int partition;
  private final long offset;

  UnrenderableRecordException(
      String topic,
      int partition,
      long offset,
      EmbeddedFormat format,
      String part,
      String why,
      String suggestion) {
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
            + " (POST …/positions), or "
            + suggestion
            + ".");
    this.topic = topic;
    this.partition = partition;
    this.offset = offset;
  }

  public String topic() {
    return topic;
  }

  public int partition() {
    return partition;
  }

  public long offset() {
    return offset;
  }
}
