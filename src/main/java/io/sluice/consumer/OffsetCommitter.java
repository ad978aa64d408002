package io.sluice.consumer;

import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Commits an instance's offsets: what clients received, or what they name. Confined to the poll
 * loop thread, like the consumer it commits through.
 */
final class OffsetCommitter {
  private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(30);

  private final Consumer<byte[], byte[]> consumer;
  private final DeliveredOffsets delivered;
  private final ConsumerMetrics metrics;
  private final Map<TopicPartition, Long> lastCommitted = new HashMap<>();
  private final Map<TopicPartition, Long> revokedUncommitted = new HashMap<>();

  OffsetCommitter(
      Consumer<byte[], byte[]> consumer, DeliveredOffsets delivered, ConsumerMetrics metrics) {
    this.consumer = consumer;
    this.delivered = delivered;
    this.metrics = metrics;
  }

  /**
   * Commits what was written to clients of these partitions, where it moved since the last commit;
   * also answers, once, the partitions revoked since the last such commit whose deliveries were
   * never committed.
   */
  List<CommittedOffset> commitDelivered(Collection<TopicPartition> partitions) {
    List<CommittedOffset> result = new ArrayList<>(commitChanged(delivered.of(partitions), false));
    // A partition that came back and is committed now is no longer worth a warning.
    result.forEach(c -> revokedUncommitted.remove(new TopicPartition(c.topic(), c.partition())));
    revokedUncommitted.forEach(
        (partition, next) ->
            result.add(
                new CommittedOffset(
                    partition.topic(), partition.partition(), next - 1, OptionalLong.empty())));
    revokedUncommitted.clear();
    return result;
  }

  /** Before partitions leave: remember the deliveries of them that were never committed. */
  void leaving(Collection<TopicPartition> partitions) {
    delivered
        .of(partitions)
        .forEach(
            (partition, next) -> {
              Long last = lastCommitted.get(partition);
              if (last == null || next > last) {
                revokedUncommitted.put(partition, next);
              }
            });
  }

  /**
   * Commits what clients acknowledged of these partitions (by a request after the answer), where it
   * moved forward since the last commit (never behind a commit the client asked for): auto-commit,
   * on revocation and on close.
   */
  List<CommittedOffset> commitAcknowledged(Collection<TopicPartition> partitions) {
    return commitChanged(delivered.acknowledgedOf(partitions), true);
  }

  private List<CommittedOffset> commitChanged(
      Map<TopicPartition, Long> positions, boolean forwardOnly) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    positions.forEach(
        (partition, next) -> {
          Long last = lastCommitted.get(partition);
          if (last == null || (forwardOnly ? next > last : next.longValue() != last)) {
            offsets.put(partition, new OffsetAndMetadata(next));
          }
        });
    return commit(offsets);
  }

  /** Commits {@code offset + 1} for each entry; 40904 names partitions this member lacks. */
  List<CommittedOffset> commitConsumed(List<PartitionOffset> consumed) {
    Set<TopicPartition> owned = consumer.assignment();
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    List<String> notOwned = new ArrayList<>();
    for (PartitionOffset entry : consumed) {
      TopicPartition partition = new TopicPartition(entry.topic(), entry.partition());
      if (!owned.contains(partition)) {
        notOwned.add(partition.toString());
      }
      offsets.put(partition, new OffsetAndMetadata(entry.offset() + 1, entry.metadata()));
    }
    if (!notOwned.isEmpty()) {
      throw new ConsumerException(
          ConsumerException.Kind.COMMIT_REJECTED,
          "Commit rejected: partitions "
              + notOwned
              + " are not assigned to this instance (a rebalance may have moved them)");
    }
    return commit(offsets);
  }

  /** The group's committed offsets for these partitions; partitions without one are left out. */
  List<PartitionOffset> committed(Collection<TopicPartition> partitions) {
    Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions));
    List<PartitionOffset> result = new ArrayList<>();
    for (TopicPartition partition : partitions) {
      OffsetAndMetadata offset = committed.get(partition);
      if (offset != null) {
        result.add(
            new PartitionOffset(
                partition.topic(), partition.partition(), offset.offset(), offset.metadata()));
      }
    }
    return result;
  }

  /** Commits these offsets; a rebalance that took the partitions away rejects it. */
  List<CommittedOffset> commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
    if (offsets.isEmpty()) {
      return List.of();
    }
    Timer.Sample sample = metrics.startTimer();
    PollLoop.retryingWakeups(
        () -> {
          consumer.commitSync(offsets, COMMIT_TIMEOUT);
          return null;
        });
    metrics.committed(sample);
    Map<TopicPartition, Long> next = new HashMap<>();
    offsets.forEach((partition, offset) -> next.put(partition, offset.offset()));
    delivered.committed(next);
    List<CommittedOffset> result = new ArrayList<>();
    offsets.forEach(
        (partition, offset) -> {
          lastCommitted.put(partition, offset.offset());
          result.add(CommittedOffset.of(partition.topic(), partition.partition(), offset.offset()));
        });
    return result;
  }

  /** Partitions that moved away start afresh if they come back. */
  void forget(Collection<TopicPartition> partitions) {
    partitions.forEach(lastCommitted::remove);
  }
}
