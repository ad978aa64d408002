package io.sluice.metadata;

/** Kafka knows no consumer group of that name: no members and no committed offsets. */
public final class GroupNotFoundException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public GroupNotFoundException(String group) {
    super(
        "Consumer group not found: "
            + group
            + " (Kafka knows no member of it and no committed offset)");
  }
}
