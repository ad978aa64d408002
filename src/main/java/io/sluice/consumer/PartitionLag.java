package io.sluice.consumer;

import java.util.Optional;

/**
 * How far one assigned partition's group and client are behind its log end. Offsets are "the next
 * record to read"; a lag is empty where its offset is unknown.
 *
 * @param position where the instance's consumer fetches next (ahead of delivery: it prefetches)
 * @param delivered the offset after the last record written to a client
 * @param committed the group's committed offset
 */
public record PartitionLag(
    String topic,
    int partition,
    Optional<Long> position,
    Optional<Long> delivered,
    Optional<Long> committed,
    long logEnd) {

  /** Log end minus committed: what the group would read again after a restart, and more. */
  public Optional<Long> lag() {
    return committed.map(c -> Math.max(0, logEnd - c));
  }

  /** Log end minus delivered: what the client has not received yet. */
  public Optional<Long> undelivered() {
    return delivered.or(() -> committed).map(d -> Math.max(0, logEnd - d));
  }
}
