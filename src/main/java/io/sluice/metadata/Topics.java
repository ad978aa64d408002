package io.sluice.metadata;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Topics and brokers as the Admin client reads them. Asynchronous and thread-safe. */
public final class Topics {
  private final Admin admin;
  private final AsyncCache<String, Integer> partitionCounts =
      Caffeine.newBuilder().expireAfterWrite(Duration.ofSeconds(30)).buildAsync();

  Topics(Admin admin) {
    this.admin = admin;
  }

  /**
   * How many partitions the topic has, remembered for 30 s (producing asks for every request);
   * {@link UnknownTopicException} when it does not exist (that answer is not remembered).
   */
  public CompletableFuture<Integer> partitionCount(String topic) {
    return partitionCounts.get(
        topic, (name, executor) -> description(name).thenApply(d -> d.partitions().size()));
  }

  /** Every topic's name but Kafka's internal ones, sorted. */
  public CompletableFuture<List<String>> names() {
    return future(admin.listTopics().names()).thenApply(names -> names.stream().sorted().toList());
  }

  /** The topic's configuration (as in force) and partitions. */
  public CompletableFuture<TopicView> describe(String topic) {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    CompletableFuture<Map<String, String>> configs =
        future(admin.describeConfigs(List.of(resource)).all())
            .thenApply(all -> configs(all.get(resource)));
    return description(topic)
        .thenCombine(
            configs,
            (description, config) ->
                new TopicView(
                    topic,
                    config,
                    description.partitions().stream()
                        .map(p -> partition(p, Optional.empty(), Optional.empty()))
                        .toList()));
  }

  /** The topic's partitions with their beginning and end offsets. */
  public CompletableFuture<List<TopicView.Partition>> partitions(String topic) {
    return description(topic)
        .thenCompose(
            description -> {
              List<TopicPartitionInfo> infos = description.partitions();
              List<TopicPartition> partitions =
                  infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
              return offsets(partitions, OffsetSpec.earliest())
                  .thenCombine(
                      offsets(partitions, OffsetSpec.latest()),
                      (beginnings, ends) ->
                          infos.stream()
                              .map(
                                  p -> {
                                    TopicPartition tp = new TopicPartition(topic, p.partition());
                                    return partition(
                                        p,
                                        Optional.ofNullable(beginnings.get(tp)),
                                        Optional.ofNullable(ends.get(tp)));
                                  })
                              .toList());
            });
  }

  /** One partition with its offsets; {@link UnknownTopicException} names what does not exist. */
  public CompletableFuture<TopicView.Partition> partition(String topic, int partition) {
    return partitions(topic)
        .thenApply(
            all -> {
              if (partition < 0 || partition >= all.size()) {
                throw UnknownTopicException.partition(topic, partition, all.size());
              }
              return all.get(partition);
            });
  }

  /** The ids of the brokers the cluster has now, sorted. */
  public CompletableFuture<List<Integer>> brokers() {
    return future(admin.describeCluster().nodes())
        .thenApply(nodes -> nodes.stream().map(Node::id).sorted().toList());
  }

  private CompletableFuture<TopicDescription> description(String topic) {
    return future(admin.describeTopics(List.of(topic)).allTopicNames())
        .handle(
            (descriptions, error) -> {
              if (error != null) {
                Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                if (cause instanceof UnknownTopicOrPartitionException) {
                  throw UnknownTopicException.topic(topic);
                }
                throw error instanceof RuntimeException r ? r : new CompletionException(error);
              }
              return descriptions.get(topic);
            });
  }

  private CompletableFuture<Map<TopicPartition, Long>> offsets(
      List<TopicPartition> partitions, OffsetSpec spec) {
    Map<TopicPartition, OffsetSpec> wanted = new HashMap<>();
    partitions.forEach(p -> wanted.put(p, spec));
    return future(admin.listOffsets(wanted).all())
        .thenApply(
            result -> {
              Map<TopicPartition, Long> offsets = new HashMap<>();
              result.forEach((p, info) -> offsets.put(p, info.offset()));
              return offsets;
            });
  }

  private static TopicView.Partition partition(
      TopicPartitionInfo info, Optional<Long> beginning, Optional<Long> end) {
    int leader = info.leader() == null ? -1 : info.leader().id();
    Set<Integer> inSync = info.isr().stream().map(Node::id).collect(Collectors.toSet());
    List<TopicView.Replica> replicas =
        info.replicas().stream()
            .sorted(Comparator.comparingInt(Node::id))
            .map(n -> new TopicView.Replica(n.id(), n.id() == leader, inSync.contains(n.id())))
            .toList();
    return new TopicView.Partition(info.partition(), leader, replicas, beginning, end);
  }

  private static Map<String, String> configs(Config config) {
    Map<String, String> configs = new TreeMap<>();
    for (ConfigEntry entry : config.entries()) {
      if (!entry.isSensitive() && entry.value() != null) {
        configs.put(entry.name(), entry.value());
      }
    }
    return configs;
  }

  private static <T> CompletableFuture<T> future(KafkaFuture<T> future) {
    return future.toCompletionStage().toCompletableFuture();
  }
}
