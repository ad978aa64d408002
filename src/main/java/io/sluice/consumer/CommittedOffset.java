package io.sluice.consumer;

import java.util.OptionalLong;

/**
 * One partition of a commit: {@code consumed} is the last record covered, {@code committed} the
 * stored offset (the next record the group will read, {@code consumed + 1}). Empty {@code
 * committed} means it could not be committed: the partition was revoked in a rebalance after those
 * records were delivered, so its new owner reads them again.
 */
public record CommittedOffset(String topic, int partition, long consumed, OptionalLong committed) {

  static CommittedOffset of(String topic, int partition, long committed) {
    return new CommittedOffset(topic, partition, committed - 1, OptionalLong.of(committed));
  }
}
