package io.sluice.consumer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Predicate;
import org.apache.kafka.common.TopicPartition;

/**
 * The records an instance's streams sent (written and flushed) that are not committed yet, in the
 * order they were sent: what {@code max_uncommitted} bounds, and what a client reconnecting with
 * {@code Last-Event-ID} gets again. Commits remove what they cover; a revocation or seek removes
 * the partitions it moves. Thread-safe; waiters for room are woken on {@code completer}.
 */
final class StreamLedger {
  private final ArrayDeque<RenderedRecord> sent = new ArrayDeque<>();

  /** Per partition, the highest offset ever sent (commits do not lower it; moving away does). */
  private final Map<TopicPartition, Long> highestSent = new HashMap<>();

  private final List<Waiting> waiting = new ArrayList<>();
  private final Executor completer;

  private record Waiting(int bound, CompletableFuture<Void> room) {}

  StreamLedger(Executor completer) {
    this.completer = completer;
  }

  synchronized void sent(List<RenderedRecord> records) {
    sent.addAll(records);
    records.forEach(r -> highestSent.merge(r.partition(), r.offset(), Math::max));
  }

  synchronized int size() {
    return sent.size();
  }

  /**
   * What was sent after the record {@code partition}/{@code offset}, in order. If that record is no
   * longer here (a commit covered it), everything left was sent after it, but for later records of
   * its own partition that a commit has not reached yet. If it was never recorded as sent (it came
   * in a chunk the connection lost before the flush), nothing here came after it.
   */
  synchronized List<RenderedRecord> after(TopicPartition partition, long offset) {
    List<RenderedRecord> after = new ArrayList<>();
    boolean found = false;
    for (RenderedRecord record : sent) {
      if (found) {
        after.add(record);
      } else if (record.partition().equals(partition) && record.offset() == offset) {
        found = true;
      }
    }
    if (found) {
      return after;
    }
    Long highest = highestSent.get(partition);
    if (highest == null || offset > highest) {
      // Never recorded as sent: it came in a chunk that was not flushed, after all that is here.
      return List.of();
    }
    return sent.stream()
        .filter(r -> !r.partition().equals(partition) || r.offset() > offset)
        .toList();
  }

  /** Completes once fewer than {@code bound} records are uncommitted (at once, if they are). */
  CompletableFuture<Void> room(int bound) {
    CompletableFuture<Void> room = new CompletableFuture<>();
    synchronized (this) {
      // Waiters whose stream ended (their future cancelled) go, and what they hold with them.
      waiting.removeIf(w -> w.room().isDone());
      if (sent.size() >= bound) {
        waiting.add(new Waiting(bound, room));
        return room;
      }
    }
    room.complete(null);
    return room;
  }

  /** A commit: records below the committed position of their partition leave. */
  void committed(Map<TopicPartition, Long> next) {
    remove(
        r -> {
          Long position = next.get(r.partition());
          return position != null && r.offset() < position;
        });
  }

  /** These partitions moved (revoked, lost or seeked): their records are nobody's to resend. */
  void forget(Collection<TopicPartition> partitions) {
    Set<TopicPartition> gone = Set.copyOf(partitions);
    synchronized (this) {
      gone.forEach(highestSent::remove);
    }
    remove(r -> gone.contains(r.partition()));
  }

  void forgetAll() {
    synchronized (this) {
      highestSent.clear();
    }
    remove(r -> true);
  }

  private void remove(Predicate<RenderedRecord> leaving) {
    List<CompletableFuture<Void>> woken = new ArrayList<>();
    synchronized (this) {
      if (!sent.removeIf(leaving)) {
        return;
      }
      waiting.removeIf(
          w -> {
            boolean roomNow = sent.size() < w.bound();
            if (roomNow) {
              woken.add(w.room());
            }
            return roomNow;
          });
    }
    woken.forEach(room -> completer.execute(() -> room.complete(null)));
  }
}
