package io.sluice.consumer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads an instance's state for its operator: status and lag. Runs on the poll loop thread (it asks
 * the consumer), as a command between polls; it changes nothing.
 */
final class InstanceInsight {
  private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(10);

  private final String id;
  private final ConsumerSpec spec;
  private final PollLoop loop;
  private final RecordBuffer buffer;
  private final DeliveredOffsets delivered;

  InstanceInsight(
      String id,
      ConsumerSpec spec,
      PollLoop loop,
      RecordBuffer buffer,
      DeliveredOffsets delivered) {
    this.id = id;
    this.spec = spec;
    this.loop = loop;
    this.buffer = buffer;
    this.delivered = delivered;
  }

  InstanceStatus status(
      Consumer<byte[], byte[]> consumer, Instant created, Instant lastUsed, Instant expires) {
    Assignment assignment = loop.assignment();
    List<TopicPartition> held = assignment.partitions();
    ConsumerGroupMetadata group = consumer.groupMetadata();
    boolean member = group.generationId() >= 0 && !group.memberId().isEmpty();
    ConsumerException failed = loop.failed();
    return new InstanceStatus(
        spec.group(),
        id,
        spec.format().key().wireName(),
        spec.format().value().wireName(),
        spec.groupInstanceId(),
        created,
        lastUsed,
        expires,
        state(held),
        consumer.subscription().stream().sorted().toList(),
        assignment.pattern(),
        held,
        Assignment.sorted(consumer.paused()),
        buffer.records(),
        buffer.bytes(),
        delivered.of(held),
        committed(consumer, held),
        loop.lastPoll(),
        loop.rebalances().completed(),
        member ? Optional.of(group.memberId()) : Optional.empty(),
        member ? Optional.of(group.generationId()) : Optional.empty(),
        failed == null ? Optional.empty() : Optional.of(failed.getMessage()));
  }

  List<PartitionLag> lag(Consumer<byte[], byte[]> consumer) {
    List<TopicPartition> held = loop.assignment().partitions();
    if (held.isEmpty()) {
      return List.of();
    }
    Map<TopicPartition, Long> ends = consumer.endOffsets(held, KAFKA_TIMEOUT);
    Map<TopicPartition, Long> committed = committed(consumer, held);
    Map<TopicPartition, Long> deliveredNow = delivered.of(held);
    List<PartitionLag> lag = new ArrayList<>();
    for (TopicPartition partition : held) {
      lag.add(
          new PartitionLag(
              partition.topic(),
              partition.partition(),
              position(consumer, partition),
              Optional.ofNullable(deliveredNow.get(partition)),
              Optional.ofNullable(committed.get(partition)),
              ends.getOrDefault(partition, 0L)));
    }
    return lag;
  }

  private InstanceStatus.State state(List<TopicPartition> held) {
    if (loop.failed() != null) {
      return InstanceStatus.State.FAILED;
    }
    if (loop.closing()) {
      return InstanceStatus.State.CLOSING;
    }
    return switch (loop.assignment().mode()) {
      case NONE -> InstanceStatus.State.IDLE;
      case ASSIGNED -> InstanceStatus.State.ASSIGNED;
      case SUBSCRIBED -> {
        if (loop.rebalances().inProgress()) {
          yield InstanceStatus.State.REBALANCING;
        }
        yield held.isEmpty() ? InstanceStatus.State.SUBSCRIBED : InstanceStatus.State.ASSIGNED;
      }
    };
  }

  private static Map<TopicPartition, Long> committed(
      Consumer<byte[], byte[]> consumer, List<TopicPartition> held) {
    Map<TopicPartition, Long> result = new HashMap<>();
    if (held.isEmpty()) {
      return result;
    }
    Map<TopicPartition, OffsetAndMetadata> committed =
        consumer.committed(Set.copyOf(held), KAFKA_TIMEOUT);
    committed.forEach(
        (partition, offset) -> {
          if (offset != null) {
            result.put(partition, offset.offset());
          }
        });
    return result;
  }

  /** The fetch position, or empty where the consumer has none yet (and cannot get one). */
  private static Optional<Long> position(
      Consumer<byte[], byte[]> consumer, TopicPartition partition) {
    try {
      return Optional.of(consumer.position(partition, KAFKA_TIMEOUT));
    } catch (KafkaException e) {
      return Optional.empty();
    }
  }
}
