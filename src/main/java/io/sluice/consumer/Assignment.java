package io.sluice.consumer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an instance consumes and from where: its subscription or manual assignment, seeks, and the
 * rebalance listener. Confined to the poll loop thread, like the consumer it works through, except
 * {@link #mode()}. Whenever partitions leave the instance or change position, their buffered
 * records are dropped and their delivered offsets forgotten, so no client gets a record from a
 * position it no longer holds.
 */
final class Assignment {
  private static final Logger log = LoggerFactory.getLogger(Assignment.class);
  private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(15);

  /** How the instance got its partitions, if it has any. */
  enum Mode {
    NONE,
    SUBSCRIBED,
    ASSIGNED
  }

  private final String instanceId;
  private final Consumer<byte[], byte[]> consumer;
  private final RecordBuffer buffer;
  private final DeliveredOffsets delivered;
  private final OffsetCommitter committer;
  private final Rebalances rebalances;
  private final ConsumerMetrics metrics;
  private final boolean autoCommit;
  private final Listener listener;
  private volatile Mode mode = Mode.NONE;
  private volatile String pattern;

  Assignment(
      String instanceId,
      Consumer<byte[], byte[]> consumer,
      RecordBuffer buffer,
      DeliveredOffsets delivered,
      OffsetCommitter committer,
      Rebalances rebalances,
      ConsumerMetrics metrics,
      boolean autoCommit,
      BooleanSupplier paused) {
    this.instanceId = instanceId;
    this.consumer = consumer;
    this.buffer = buffer;
    this.delivered = delivered;
    this.committer = committer;
    this.rebalances = rebalances;
    this.metrics = metrics;
    this.autoCommit = autoCommit;
    this.listener = new Listener(paused);
  }

  Mode mode() {
    return mode;
  }

  void subscribe(List<String> topics) {
    requireNot(Mode.ASSIGNED);
    for (String topic : topics) {
      partitionsOf(topic);
    }
    consumer.subscribe(topics, listener);
    mode = Mode.SUBSCRIBED;
    pattern = null;
  }

  void subscribe(Pattern pattern) {
    requireNot(Mode.ASSIGNED);
    consumer.subscribe(pattern, listener);
    mode = Mode.SUBSCRIBED;
    this.pattern = pattern.pattern();
  }

  /** The regex of a pattern subscription, if that is how the instance subscribed. */
  Optional<String> pattern() {
    return mode == Mode.SUBSCRIBED ? Optional.ofNullable(pattern) : Optional.empty();
  }

  /** Replaces the manual assignment; partitions that leave it commit first if auto-committing. */
  void assign(Collection<TopicPartition> partitions) {
    requireNot(Mode.SUBSCRIBED);
    for (TopicPartition partition : partitions) {
      if (partition.partition() >= partitionsOf(partition.topic())) {
        throw new ConsumerException(
            ConsumerException.Kind.PARTITION_NOT_FOUND,
            "Partition not found: topic "
                + partition.topic()
                + " has no partition "
                + partition.partition());
      }
    }
    Set<TopicPartition> leaving = new HashSet<>(consumer.assignment());
    leaving.removeAll(partitions);
    release(leaving);
    consumer.assign(partitions);
    delivered.own(partitions);
    mode = Mode.ASSIGNED;
    log.info("Consumer {} assigned {} manually", instanceId, partitions);
  }

  /** Drops the subscription or the manual assignment. */
  void unsubscribe() {
    Set<TopicPartition> held = Set.copyOf(consumer.assignment());
    if (mode == Mode.ASSIGNED) {
      release(held);
    }
    consumer.unsubscribe();
    forget(held);
    mode = Mode.NONE;
  }

  /** The partitions the instance holds now, from the group or manually, sorted. */
  List<TopicPartition> partitions() {
    return sorted(consumer.assignment());
  }

  /** By topic, then partition number. */
  static List<TopicPartition> sorted(Collection<TopicPartition> partitions) {
    TreeSet<TopicPartition> sorted =
        new TreeSet<>(
            (a, b) ->
                a.topic().equals(b.topic())
                    ? Integer.compare(a.partition(), b.partition())
                    : a.topic().compareTo(b.topic()));
    sorted.addAll(partitions);
    return List.copyOf(sorted);
  }

  void seek(Map<TopicPartition, Long> offsets) {
    requireAssigned(offsets.keySet());
    offsets.forEach(consumer::seek);
    moved(offsets.keySet());
  }

  /** Seeks to the first record at or after each timestamp, or to the end when there is none. */
  void seekToTimes(Map<TopicPartition, Long> timestamps) {
    requireAssigned(timestamps.keySet());
    Map<TopicPartition, OffsetAndTimestamp> found =
        consumer.offsetsForTimes(timestamps, METADATA_TIMEOUT);
    List<TopicPartition> pastTheEnd = new ArrayList<>();
    for (TopicPartition partition : timestamps.keySet()) {
      OffsetAndTimestamp offset = found.get(partition);
      if (offset == null) {
        pastTheEnd.add(partition);
      } else {
        consumer.seek(partition, offset.offset());
      }
    }
    if (!pastTheEnd.isEmpty()) {
      // An empty collection would move every assigned partition to its end.
      consumer.seekToEnd(pastTheEnd);
    }
    moved(timestamps.keySet());
    resolve(pastTheEnd);
  }

  void seekToBeginning(Collection<TopicPartition> partitions) {
    requireAssigned(partitions);
    consumer.seekToBeginning(partitions);
    moved(partitions);
    resolve(partitions);
  }

  void seekToEnd(Collection<TopicPartition> partitions) {
    requireAssigned(partitions);
    consumer.seekToEnd(partitions);
    moved(partitions);
    resolve(partitions);
  }

  /**
   * Kafka resets to the beginning or end lazily, at the next poll: a record written in between
   * would already lie behind the end. Resolving the position now makes "from now on" mean from the
   * answer on.
   */
  private void resolve(Collection<TopicPartition> partitions) {
    for (TopicPartition partition : partitions) {
      consumer.position(partition, METADATA_TIMEOUT);
    }
  }

  ConsumerRebalanceListener listener() {
    return listener;
  }

  /** The member stops for good: nothing it holds may be handed out or committed any more. */
  void abandon() {
    forget(consumer.assignment());
    delivered.disownAll();
  }

  private int partitionsOf(String topic) {
    List<PartitionInfo> partitions = consumer.partitionsFor(topic, METADATA_TIMEOUT);
    if (partitions == null || partitions.isEmpty()) {
      throw new ConsumerException(
          ConsumerException.Kind.TOPIC_NOT_FOUND,
          "Topic not found: "
              + topic
              + " (Sluice never creates topics; to wait for topics that do not exist yet,"
              + " subscribe with a topic_pattern)");
    }
    return partitions.size();
  }

  private void requireNot(Mode other) {
    if (mode == other) {
      throw new ConsumerException(
          ConsumerException.Kind.ILLEGAL_STATE,
          "Consumer instance "
              + instanceId
              + (other == Mode.ASSIGNED ? " has a manual assignment" : " is subscribed to topics")
              + "; subscription and manual assignment are mutually exclusive: DELETE"
              + " …/subscription first");
    }
  }

  private void requireAssigned(Collection<TopicPartition> partitions) {
    Set<TopicPartition> held = consumer.assignment();
    List<String> missing =
        partitions.stream().filter(p -> !held.contains(p)).map(TopicPartition::toString).toList();
    if (!missing.isEmpty()) {
      throw new ConsumerException(
          ConsumerException.Kind.ILLEGAL_STATE,
          "Cannot seek partitions "
              + missing
              + ": they are not assigned to consumer instance "
              + instanceId
              + " (GET …/assignments lists those it holds; a subscribed instance holds"
              + " partitions only once the group assigned them)");
    }
  }

  /** Commits what was delivered of these partitions if auto-committing, then forgets them. */
  private void release(Collection<TopicPartition> partitions) {
    if (autoCommit && !partitions.isEmpty()) {
      try {
        committer.commitAcknowledged(partitions);
      } catch (RuntimeException e) {
        log.warn("Consumer {} could not commit before releasing {}", instanceId, partitions, e);
      }
    }
    forget(partitions);
  }

  private void moved(Collection<TopicPartition> partitions) {
    buffer.drop(partitions);
    delivered.reset(partitions);
    committer.forget(partitions);
  }

  private void forget(Collection<TopicPartition> partitions) {
    committer.leaving(partitions);
    buffer.drop(partitions);
    delivered.disown(partitions);
    committer.forget(partitions);
  }

  private final class Listener implements ConsumerRebalanceListener {
    private final BooleanSupplier paused;

    Listener(BooleanSupplier paused) {
      this.paused = paused;
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      release(partitions);
      rebalances.revoked(partitions, false);
      log.info("Consumer {} revoked {}", instanceId, partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      forget(partitions);
      rebalances.revoked(partitions, true);
      log.warn("Consumer {} lost {}", instanceId, partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      delivered.own(partitions);
      rebalances.generation(consumer.groupMetadata().generationId());
      rebalances.assigned(partitions);
      metrics.rebalanced();
      if (paused.getAsBoolean()) {
        consumer.pause(partitions);
      }
      log.info("Consumer {} assigned {}", instanceId, partitions);
    }
  }
}
