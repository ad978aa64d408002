package io.sluice.metadata;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * Consumer groups as the Admin client reads them: descriptions, committed offsets, log ends. Every
 * method is asynchronous and thread-safe.
 */
public final class Groups {
  private static final Comparator<TopicPartition> BY_TOPIC_AND_NUMBER =
      Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

  private final Admin admin;

  Groups(Admin admin) {
    this.admin = admin;
  }

  /** The group's members, committed offsets and lag; {@link GroupNotFoundException} if none. */
  public CompletableFuture<GroupDescription> describe(String group) {
    CompletableFuture<ConsumerGroupDescription> description =
        admin
            .describeConsumerGroups(List.of(group))
            .describedGroups()
            .get(group)
            .toCompletionStage()
            .toCompletableFuture();
    CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> committed = committed(group);
    return description
        .thenCombine(committed, Described::new)
        .exceptionally(
            e -> {
              throw notFoundOr(e, group);
            })
        .thenCompose(
            described -> {
              if (isUnknown(described)) {
                throw new GroupNotFoundException(group);
              }
              return logEnds(partitionsOf(described)).thenApply(ends -> describe(described, ends));
            });
  }

  /** Per topic, the group's summed lag from committed offsets (partitions it committed to). */
  public CompletableFuture<Map<String, Long>> lagByTopic(String group) {
    return committed(group)
        .thenCompose(
            committed ->
                logEnds(committed.keySet())
                    .thenApply(
                        ends -> {
                          Map<String, Long> lag = new TreeMap<>();
                          committed.forEach(
                              (partition, offset) -> {
                                long end = ends.getOrDefault(partition, offset.offset());
                                lag.merge(
                                    partition.topic(),
                                    Math.max(0, end - offset.offset()),
                                    Long::sum);
                              });
                          return lag;
                        }));
  }

  private record Described(
      ConsumerGroupDescription description, Map<TopicPartition, OffsetAndMetadata> committed) {}

  private CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> committed(String group) {
    return admin
        .listConsumerGroupOffsets(group)
        .partitionsToOffsetAndMetadata()
        .toCompletionStage()
        .toCompletableFuture()
        .thenApply(
            offsets -> {
              Map<TopicPartition, OffsetAndMetadata> present = new HashMap<>();
              offsets.forEach(
                  (partition, offset) -> {
                    if (offset != null) {
                      present.put(partition, offset);
                    }
                  });
              return present;
            });
  }

  private CompletableFuture<Map<TopicPartition, Long>> logEnds(
      Collection<TopicPartition> partitions) {
    if (partitions.isEmpty()) {
      return CompletableFuture.completedFuture(Map.of());
    }
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    partitions.forEach(partition -> latest.put(partition, OffsetSpec.latest()));
    return admin
        .listOffsets(latest)
        .all()
        .toCompletionStage()
        .toCompletableFuture()
        .thenApply(
            result -> {
              Map<TopicPartition, Long> ends = new HashMap<>();
              result.forEach((partition, info) -> ends.put(partition, info.offset()));
              return ends;
            });
  }

  private static boolean isUnknown(Described described) {
    GroupState state = described.description().groupState();
    return (state == GroupState.DEAD || state == GroupState.UNKNOWN)
        && described.description().members().isEmpty()
        && described.committed().isEmpty();
  }

  private static List<TopicPartition> partitionsOf(Described described) {
    Set<TopicPartition> partitions = new HashSet<>(described.committed().keySet());
    described
        .description()
        .members()
        .forEach(m -> partitions.addAll(m.assignment().topicPartitions()));
    return partitions.stream().sorted(BY_TOPIC_AND_NUMBER).toList();
  }

  private static GroupDescription describe(Described described, Map<TopicPartition, Long> ends) {
    ConsumerGroupDescription description = described.description();
    Map<TopicPartition, String> owners = new HashMap<>();
    List<GroupDescription.Member> members = new ArrayList<>();
    for (MemberDescription member : description.members()) {
      List<TopicPartition> held =
          member.assignment().topicPartitions().stream().sorted(BY_TOPIC_AND_NUMBER).toList();
      held.forEach(partition -> owners.put(partition, member.consumerId()));
      members.add(
          new GroupDescription.Member(
              member.consumerId(),
              member.groupInstanceId(),
              member.clientId(),
              member.host(),
              held));
    }
    members.sort(Comparator.comparing(GroupDescription.Member::memberId));
    List<GroupDescription.PartitionOffsets> partitions = new ArrayList<>();
    for (TopicPartition partition : partitionsOf(described)) {
      OffsetAndMetadata committed = described.committed().get(partition);
      partitions.add(
          new GroupDescription.PartitionOffsets(
              partition.topic(),
              partition.partition(),
              Optional.ofNullable(committed).map(OffsetAndMetadata::offset),
              ends.getOrDefault(partition, 0L),
              Optional.ofNullable(owners.get(partition))));
    }
    Node coordinator = description.coordinator();
    return new GroupDescription(
        description.groupId(),
        description.groupState().name(),
        description.type().name(),
        description.partitionAssignor(),
        coordinator == null || coordinator.isEmpty()
            ? Optional.empty()
            : Optional.of(
                new GroupDescription.Coordinator(
                    coordinator.id(), coordinator.host(), coordinator.port())),
        members,
        partitions);
  }

  private static RuntimeException notFoundOr(Throwable e, String group) {
    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    if (cause instanceof GroupIdNotFoundException) {
      return new GroupNotFoundException(group);
    }
    return cause instanceof RuntimeException r ? r : new CompletionException(cause);
  }
}
