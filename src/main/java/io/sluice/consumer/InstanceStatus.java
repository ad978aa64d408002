package io.sluice.consumer;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/**
 * One instance as its operator sees it: what it consumes, what it holds and buffers, what it
 * delivered and committed, and how its group treats it.
 *
 * @param topicPattern the regex of a pattern subscription; {@code subscription} then lists the
 *     topics it matches now
 * @param delivered per partition, the offset after the last record written to a client
 * @param committed per assigned partition, the group's committed offset (partitions without one are
 *     left out)
 * @param problem why a {@code failed} instance stopped consuming
 */
public record InstanceStatus(
    String group,
    String id,
    String keyFormat,
    String valueFormat,
    Optional<String> groupInstanceId,
    Instant created,
    Instant lastUsed,
    Instant expires,
    State state,
    List<String> subscription,
    Optional<String> topicPattern,
    List<TopicPartition> assignment,
    List<TopicPartition> paused,
    int bufferedRecords,
    long bufferedBytes,
    Map<TopicPartition, Long> delivered,
    Map<TopicPartition, Long> committed,
    Optional<Instant> lastPoll,
    long rebalances,
    Optional<String> memberId,
    Optional<Integer> generation,
    Optional<String> problem) {

  /** Where an instance is in its life. */
  public enum State {
    /** Created; neither subscribed nor assigned. */
    IDLE,
    /** Subscribed, holding no partitions (joining, or nothing to share). */
    SUBSCRIBED,
    /** Holding partitions, from its group or assigned manually. */
    ASSIGNED,
    /** Its partitions were revoked and the group has not assigned it new ones yet. */
    REBALANCING,
    /** Deleted, expired or shutting down: leaving its group. */
    CLOSING,
    /** Stopped consuming for good (fenced, or its group settings refused); see the problem. */
    FAILED
  }
}
