package io.sluice.consumer;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import org.apache.kafka.common.TopicPartition;

/**
 * What the group did to one instance: every assignment and revocation the rebalance listener saw,
 * the latest first. Written by the poll loop, read by anyone; thread-safe.
 */
public final class Rebalances {
  private static final int KEPT = 100;

  /** One listener call; {@code lost} means taken away without a chance to commit. */
  public record Event(
      Instant at, long nanoTime, Kind kind, List<TopicPartition> partitions, boolean lost) {}

  /** Which listener call. */
  public enum Kind {
    ASSIGNED,
    REVOKED
  }

  private final Deque<Event> events = new ArrayDeque<>();
  private long completed;
  private boolean inProgress;
  private volatile int generation = -1;
  private volatile long recorded;

  synchronized void assigned(Collection<TopicPartition> partitions) {
    completed++;
    inProgress = false;
    add(Kind.ASSIGNED, partitions, false);
  }

  synchronized void revoked(Collection<TopicPartition> partitions, boolean lost) {
    inProgress = true;
    add(Kind.REVOKED, partitions, lost);
  }

  void generation(int generation) {
    this.generation = generation;
  }

  /** The group generation of the latest assignment, or -1 (never joined, manual assignment). */
  public int generation() {
    return generation;
  }

  /** Whether partitions were revoked and the group has not completed the rebalance since. */
  synchronized boolean inProgress() {
    return inProgress;
  }

  private void add(Kind kind, Collection<TopicPartition> partitions, boolean lost) {
    recorded++;
    events.addFirst(
        new Event(Instant.now(), System.nanoTime(), kind, List.copyOf(partitions), lost));
    if (events.size() > KEPT) {
      events.removeLast();
    }
  }

  /** How many events were ever recorded; a reader of {@link #since} starts from here. */
  long recorded() {
    return recorded;
  }

  /** Events recorded after the first {@code seen}, oldest first, and how many were recorded. */
  record Fresh(List<Event> events, long recorded) {}

  /** The events recorded after the first {@code seen} ones (at most the 100 kept). */
  Fresh since(long seen) {
    if (recorded == seen) {
      return new Fresh(List.of(), seen);
    }
    synchronized (this) {
      List<Event> fresh =
          new ArrayList<>(events).subList(0, (int) Math.min(recorded - seen, events.size()));
      Collections.reverse(fresh);
      return new Fresh(fresh, recorded);
    }
  }

  /** Completed rebalances this instance took part in (one assignment callback each). */
  public synchronized long completed() {
    return completed;
  }

  /** The latest events, newest first (at most 100). */
  public synchronized List<Event> events() {
    return List.copyOf(events);
  }

  /** Every partition revoked or lost so far (of the kept events). */
  public synchronized List<TopicPartition> revoked() {
    return events.stream()
        .filter(e -> e.kind() == Kind.REVOKED)
        .flatMap(e -> e.partitions().stream())
        .toList();
  }
}
