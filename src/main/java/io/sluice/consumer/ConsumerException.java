package io.sluice.consumer;

/** A request the consumer layer refuses; {@link Kind} says why, the message says it to a person. */
public final class ConsumerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why a request was refused. */
  public enum Kind {
    INSTANCE_NOT_FOUND,
    INSTANCE_EXISTS,
    ILLEGAL_STATE,
    COMMIT_REJECTED,
    TOO_MANY_INSTANCES,
    INVALID_CONFIG,
    TOPIC_NOT_FOUND,
    PARTITION_NOT_FOUND,
    /** A {@code group.instance.id} already held here, or the member was fenced by Kafka. */
    STATIC_MEMBER_CONFLICT,
    /** A stream is open on the instance: no fetch or second stream meanwhile. */
    STREAM_OPEN
  }

  private final Kind kind;

  ConsumerException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  static ConsumerException closed(String instance) {
    return new ConsumerException(
        Kind.INSTANCE_NOT_FOUND, "Consumer instance " + instance + " was closed");
  }

  static ConsumerException notFound(String group, String instance) {
    return new ConsumerException(
        Kind.INSTANCE_NOT_FOUND, "Consumer instance not found: " + group + "/" + instance);
  }
}
