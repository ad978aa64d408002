package io.sluice.metadata;

import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/**
 * A consumer group as Kafka's Admin client describes it, with committed offsets and lag per
 * partition: what {@code kafka-consumer-groups.sh --describe} shows.
 */
public record GroupDescription(
    String group,
    String state,
    String type,
    String assignor,
    Optional<Coordinator> coordinator,
    List<Member> members,
    List<PartitionOffsets> partitions) {

  /** The broker that coordinates the group. */
  public record Coordinator(int id, String host, int port) {}

  /** Any member of the group, whether or not it is a Sluice instance. */
  public record Member(
      String memberId,
      Optional<String> instanceId,
      String clientId,
      String host,
      List<TopicPartition> partitions) {}

  /**
   * One partition the group committed to or a member holds.
   *
   * @param owner the member id of the member holding it, if any
   */
  public record PartitionOffsets(
      String topic, int partition, Optional<Long> committed, long logEnd, Optional<String> owner) {

    public Optional<Long> lag() {
      return committed.map(c -> Math.max(0, logEnd - c));
    }
  }

  /** The summed lag of the partitions with a committed offset. */
  public long totalLag() {
    return partitions.stream().mapToLong(p -> p.lag().orElse(0L)).sum();
  }
}
