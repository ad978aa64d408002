package io.sluice.consumer;

import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

  OffsetCommitter(
      Consumer<byte[], byte[]> consumer, DeliveredOffsets delivered, ConsumerMetrics metrics) {
    this.consumer = consumer;
    this.delivered = delivered;
    this.metrics = metrics;
  }

  /** Commits the delivered offsets of these partitions that moved since the last commit. */
  List<CommittedOffset> commitDelivered(Collection<TopicPartition> partitions) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    delivered
        .of(partitions)
        .forEach(
            (partition, next) -> {
              if (!next.equals(lastCommitted.get(partition))) {
                offsets.put(partition, new OffsetAndMetadata(next));
              }
            });
    return commit(offsets);
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
    List<CommittedOffset> result = new ArrayList<>();
    offsets.forEach(
        (partition, offset) -> {
          lastCommitted.put(partition, offset.offset());
          result.add(
              new CommittedOffset(
                  partition.topic(), partition.partition(), offset.offset() - 1, offset.offset()));
        });
    return result;
  }

  /** Partitions that moved away start afresh if they come back. */
  void forget(Collection<TopicPartition> partitions) {
    partitions.forEach(lastCommitted::remove);
  }
}
