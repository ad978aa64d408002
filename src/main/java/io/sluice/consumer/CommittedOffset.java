package io.sluice.consumer;

/**
 * One partition of a commit: {@code consumed} is the last record covered, {@code committed} the
 * stored offset (the next record the group will read, {@code consumed + 1}).
 */
public record CommittedOffset(String topic, int partition, long consumed, long committed) {}
