package io.sluice.consumer;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;

/**
 * Per owned partition, the offset after the last record written to a client (what a commit without
 * a body commits: the client asks for it), and the offset after the last record of an answer the
 * client acknowledged by making another request to the instance (what auto-commit commits, as
 * Kafka's auto-commit covers the records of a poll only at the next poll). Thread-safe: HTTP
 * threads record deliveries and acknowledgements, the poll loop changes ownership and reads;
 * changes are serialized, so an acknowledgement never revives an offset a seek or revocation just
 * forgot.
 */
final class DeliveredOffsets {
  private final Map<TopicPartition, Long> next = new ConcurrentHashMap<>();
  private final Map<TopicPartition, Long> acknowledged = new ConcurrentHashMap<>();
  private final Set<TopicPartition> owned = ConcurrentHashMap.newKeySet();
  private final ConsumerMetrics metrics;
  private final StreamLedger streamed;

  DeliveredOffsets(ConsumerMetrics metrics, StreamLedger streamed) {
    this.metrics = metrics;
    this.streamed = streamed;
  }

  /** What streams sent and nobody committed yet; it moves with the partitions. */
  StreamLedger streamed() {
    return streamed;
  }

  /** A commit went through: streamed records it covers are no longer uncommitted. */
  void committed(Map<TopicPartition, Long> next) {
    streamed.committed(next);
  }

  void own(Collection<TopicPartition> partitions) {
    owned.addAll(partitions);
  }

  /** Forgets partitions that moved away; deliveries for them no longer count. */
  synchronized void disown(Collection<TopicPartition> partitions) {
    partitions.forEach(
        p -> {
          owned.remove(p);
          next.remove(p);
          acknowledged.remove(p);
        });
    streamed.forget(partitions);
  }

  synchronized void disownAll() {
    owned.clear();
    next.clear();
    acknowledged.clear();
    streamed.forgetAll();
  }

  /** The client made a request: it has what was written to it before. */
  synchronized void acknowledge() {
    acknowledged.putAll(next);
  }

  /**
   * Records a delivered batch. Within a partition batches arrive in order, so the last record wins
   * (after a seek backwards too); batches from before a seek or revocation are not recorded.
   */
  synchronized void record(List<RenderedRecord> records) {
    metrics.delivered(records);
    // Records of a partition come in runs: one update per run, at its last record.
    for (int i = 0; i < records.size(); i++) {
      TopicPartition partition = records.get(i).partition();
      if (i + 1 < records.size() && records.get(i + 1).partition().equals(partition)) {
        continue;
      }
      if (owned.contains(partition)) {
        next.put(partition, records.get(i).offset() + 1);
      }
    }
  }

  /**
   * Records a batch a stream sent: delivered, and uncommitted in the stream ledger (records of
   * partitions this instance no longer owns excepted), in one step, so that no acknowledgement,
   * commit or revocation falls in between.
   */
  synchronized void recordSent(List<RenderedRecord> records) {
    record(records);
    streamed.sent(records.stream().filter(r -> owned.contains(r.partition())).toList());
  }

  /** Whether the partition is this instance's (assigned and not revoked since). */
  boolean owns(TopicPartition partition) {
    return owned.contains(partition);
  }

  /** Forgets what was delivered of these partitions: the client moved their position. */
  synchronized void reset(Collection<TopicPartition> partitions) {
    partitions.forEach(
        p -> {
          next.remove(p);
          acknowledged.remove(p);
        });
    streamed.forget(partitions);
  }

  /** The delivered positions of the given partitions (those with deliveries). */
  Map<TopicPartition, Long> of(Collection<TopicPartition> partitions) {
    return positions(next, partitions);
  }

  /** The acknowledged positions of the given partitions (those with acknowledged deliveries). */
  Map<TopicPartition, Long> acknowledgedOf(Collection<TopicPartition> partitions) {
    return positions(acknowledged, partitions);
  }

  private static Map<TopicPartition, Long> positions(
      Map<TopicPartition, Long> from, Collection<TopicPartition> partitions) {
    Map<TopicPartition, Long> result = new HashMap<>();
    for (TopicPartition partition : partitions) {
      Long offset = from.get(partition);
      if (offset != null) {
        result.put(partition, offset);
      }
    }
    return result;
  }

  Map<TopicPartition, Long> all() {
    return Map.copyOf(next);
  }
}
