package io.sluice.bench;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * How far the readers of one run got through a topic: done once every partition was read up to its
 * end offset, so records delivered twice (after a rebalance) do not count as progress. The clock
 * starts at the first record any reader received. Thread-safe.
 */
final class ReadProgress {
  /** Records read, redeliveries among them, and the seconds from the first to the last. */
  record Reading(long records, long redelivered, double seconds) {}

  private final long[] lastOffsets;
  private final AtomicLongArray highest;
  private final AtomicInteger partitionsLeft;
  private final long records;
  private final long deadline;
  private final LongAdder received = new LongAdder();
  private final AtomicLong first = new AtomicLong();
  private volatile long last;

  ReadProgress(Map<Integer, Long> endOffsets, Duration atMost) {
    lastOffsets = new long[endOffsets.size()];
    highest = new AtomicLongArray(endOffsets.size());
    endOffsets.forEach((partition, end) -> lastOffsets[partition] = end - 1);
    records = endOffsets.values().stream().mapToLong(Long::longValue).sum();
    // An empty partition (records without keys may leave one so) has nothing to wait for.
    partitionsLeft =
        new AtomicInteger((int) endOffsets.values().stream().filter(e -> e > 0).count());
    for (int p = 0; p < lastOffsets.length; p++) {
      highest.set(p, -1);
    }
    deadline = System.nanoTime() + atMost.toNanos();
  }

  /** A reader received {@code count} more records. */
  void received(int count) {
    received.add(count);
  }

  /** A reader holds {@code offset} of {@code partition}; the first call starts the clock. */
  void seen(int partition, long offset) {
    if (first.get() == 0) {
      first.compareAndSet(0, System.nanoTime());
    }
    long before = highest.getAndAccumulate(partition, offset, Math::max);
    if (before < lastOffsets[partition] && offset >= lastOffsets[partition]) {
      if (partitionsLeft.decrementAndGet() == 0) {
        last = System.nanoTime();
      }
    }
  }

  /** Whether every record was read; throws once the run took longer than allowed. */
  boolean done() throws TimeoutException {
    if (partitionsLeft.get() == 0) {
      return true;
    }
    if (System.nanoTime() - deadline > 0) {
      throw new TimeoutException(
          "Read " + received.sum() + " of " + records + " records before the deadline");
    }
    return false;
  }

  Reading reading() {
    return new Reading(records, received.sum() - records, (last - first.get()) / 1e9);
  }
}
