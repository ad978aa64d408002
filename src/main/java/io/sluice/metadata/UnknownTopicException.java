package io.sluice.metadata;

/** No such topic, or no such partition of it. */
public final class UnknownTopicException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final boolean partition;

  private UnknownTopicException(String message, boolean partition) {
    super(message);
    this.partition = partition;
  }

  static UnknownTopicException topic(String topic) {
    return new UnknownTopicException("Topic not found: " + topic, false);
  }

  public static UnknownTopicException partition(String topic, int partition, int count) {
    return new UnknownTopicException(
        "Partition not found: topic "
            + topic
            + " has "
            + count
            + " partitions, 0 to "
            + (count - 1),
        true);
  }

  /** Whether the topic exists but the partition does not. */
  public boolean isPartition() {
    return partition;
  }
}
