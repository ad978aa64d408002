package io.sluice.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.sluice.consumer.InstanceStatus;
import io.sluice.consumer.PartitionLag;
import io.sluice.metadata.GroupDescription;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;

/** The JSON answers of the insight endpoints: instances, their lag, and whole groups. */
final class Insight {
  private Insight() {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record PartitionOffsets(String topic, int partition, Long delivered, Long committed) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Status(
      String group,
      @JsonProperty("instance_id") String instanceId,
      @JsonProperty("key_format") String keyFormat,
      @JsonProperty("value_format") String valueFormat,
      @JsonProperty("group_instance_id") String groupInstanceId,
      String state,
      String created,
      @JsonProperty("last_used") String lastUsed,
      String expires,
      @JsonProperty("last_poll") String lastPoll,
      List<String> subscription,
      @JsonProperty("topic_pattern") String topicPattern,
      List<Wire.Partition> assignment,
      List<Wire.Partition> paused,
      @JsonProperty("buffered_records") int bufferedRecords,
      @JsonProperty("buffered_bytes") long bufferedBytes,
      List<PartitionOffsets> offsets,
      long rebalances,
      @JsonProperty("member_id") String memberId,
      Integer generation,
      String problem) {}

  record Instances(List<Status> instances) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record LagOfPartition(
      String topic,
      int partition,
      Long position,
      Long delivered,
      Long committed,
      @JsonProperty("log_end") long logEnd,
      Long lag,
      Long undelivered) {}

  record Lag(
      List<LagOfPartition> partitions,
      @JsonProperty("total_lag") long totalLag,
      @JsonProperty("total_undelivered") long totalUndelivered) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Member(
      @JsonProperty("member_id") String memberId,
      @JsonProperty("instance_id") String instanceId,
      @JsonProperty("client_id") String clientId,
      String host,
      List<Wire.Partition> partitions) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record GroupPartition(
      String topic,
      int partition,
      Long committed,
      @JsonProperty("log_end") long logEnd,
      Long lag,
      @JsonProperty("member_id") String memberId) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Group(
      String group,
      String state,
      String type,
      String assignor,
      GroupDescription.Coordinator coordinator,
      List<Member> members,
      List<GroupPartition> partitions,
      @JsonProperty("total_lag") long totalLag) {}

  static Status status(InstanceStatus s) {
    Set<TopicPartition> known = new TreeSet<>(Insight::compare);
    known.addAll(s.delivered().keySet());
    known.addAll(s.committed().keySet());
    return new Status(
        s.group(),
        s.id(),
        s.keyFormat(),
        s.valueFormat(),
        s.groupInstanceId().orElse(null),
        s.state().name().toLowerCase(java.util.Locale.ROOT),
        time(s.created()),
        time(s.lastUsed()),
        time(s.expires()),
        s.lastPoll().map(Insight::time).orElse(null),
        s.subscription(),
        s.topicPattern().orElse(null),
        partitions(s.assignment()),
        partitions(s.paused()),
        s.bufferedRecords(),
        s.bufferedBytes(),
        known.stream()
            .map(
                p ->
                    new PartitionOffsets(
                        p.topic(), p.partition(), s.delivered().get(p), s.committed().get(p)))
            .toList(),
        s.rebalances(),
        s.memberId().orElse(null),
        s.generation().orElse(null),
        s.problem().orElse(null));
  }

  static Instances instances(List<InstanceStatus> statuses) {
    return new Instances(statuses.stream().map(Insight::status).toList());
  }

  static Lag lag(List<PartitionLag> partitions) {
    List<LagOfPartition> rows =
        partitions.stream()
            .map(
                p ->
                    new LagOfPartition(
                        p.topic(),
                        p.partition(),
                        p.position().orElse(null),
                        p.delivered().orElse(null),
                        p.committed().orElse(null),
                        p.logEnd(),
                        p.lag().orElse(null),
                        p.undelivered().orElse(null)))
            .toList();
    return new Lag(
        rows,
        partitions.stream().mapToLong(p -> p.lag().orElse(0L)).sum(),
        partitions.stream().mapToLong(p -> p.undelivered().orElse(0L)).sum());
  }

  static Group group(GroupDescription g) {
    return new Group(
        g.group(),
        g.state(),
        g.type(),
        g.assignor(),
        g.coordinator().orElse(null),
        g.members().stream()
            .map(
                m ->
                    new Member(
                        m.memberId(),
                        m.instanceId().orElse(null),
                        m.clientId(),
                        m.host(),
                        partitions(m.partitions())))
            .toList(),
        g.partitions().stream()
            .map(
                p ->
                    new GroupPartition(
                        p.topic(),
                        p.partition(),
                        p.committed().orElse(null),
                        p.logEnd(),
                        p.lag().orElse(null),
                        p.owner().orElse(null)))
            .toList(),
        g.totalLag());
  }

  private static List<Wire.Partition> partitions(List<TopicPartition> partitions) {
    return partitions.stream().map(p -> new Wire.Partition(p.topic(), p.partition())).toList();
  }

  private static int compare(TopicPartition a, TopicPartition b) {
    int byTopic = a.topic().compareTo(b.topic());
    return byTopic != 0 ? byTopic : Integer.compare(a.partition(), b.partition());
  }

  private static String time(Instant instant) {
    return instant.toString();
  }
}
