package io.sluice.bench;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;

/** The benchmark's view of the embedded broker: topics, filling them, group membership. */
final class Broker implements AutoCloseable {
  private final String bootstrap;
  private final Admin admin;

  Broker(String bootstrap) {
    this.bootstrap = bootstrap;
    this.admin = Admin.create(Map.of("bootstrap.servers", bootstrap));
  }

  String bootstrap() {
    return bootstrap;
  }

  /**
   * Creates {@code topic} and waits until every partition's leader serves it (ListOffsets, like
   * Produce, is answered only then; producing earlier loses records with Kafka before 4.5,
   * KAFKA-15591).
   */
  void createTopic(String topic, int partitions) throws InterruptedException, ExecutionException {
    admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .ignoreExceptions()
        .until(() -> endOffsets(topic, partitions) != null);
  }

  /** The end offset of each partition of {@code topic}, by partition. */
  Map<Integer, Long> endOffsets(String topic, int partitions)
      throws InterruptedException, ExecutionException {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    Map<Integer, Long> ends = new HashMap<>();
    admin
        .listOffsets(latest)
        .all()
        .get()
        .forEach((tp, info) -> ends.put(tp.partition(), info.offset()));
    return ends;
  }

  /**
   * Creates the workload's topic and fills it as fast as a native producer can; answers the key and
   * value bytes of all its records.
   */
  long fill(Workload workload) throws Exception {
    createTopic(workload.topic(), Workload.PARTITIONS);
    Random random = new Random(42);
    long bytes = 0;
    AtomicReference<Exception> failed = new AtomicReference<>();
    try (KafkaProducer<byte[], byte[]> producer = fastProducer()) {
      for (int i = 0; i < workload.records(); i++) {
        byte[] key = workload.key(i);
        byte[] value = workload.value(i, random);
        bytes += key.length + value.length;
        producer.send(
            new ProducerRecord<>(workload.topic(), key, value),
            (metadata, error) -> {
              if (error != null) {
                failed.set(error);
              }
            });
      }
    }
    if (failed.get() != null) {
      throw failed.get();
    }
    return bytes;
  }

  /**
   * As {@link #fill}, unless an earlier part of this run filled the workload's topic already (it
   * then must hold as many records).
   */
  long fillOnce(Workload workload) throws Exception {
    if (!admin.listTopics().names().get().contains(workload.topic())) {
      return fill(workload);
    }
    long held =
        endOffsets(workload.topic(), Workload.PARTITIONS).values().stream()
            .mapToLong(Long::longValue)
            .sum();
    if (held != workload.records()) {
      throw new IllegalStateException(
          workload.topic() + " holds " + held + " records, not " + workload.records());
    }
    return workload.bytes();
  }

  /** A producer for filling topics: large batches, leader acknowledgement only. */
  KafkaProducer<byte[], byte[]> fastProducer() {
    return new KafkaProducer<>(
        Map.of("bootstrap.servers", bootstrap, "linger.ms", 20, "batch.size", 262144, "acks", "1"),
        new ByteArraySerializer(),
        new ByteArraySerializer());
  }

  /** How many members the groups have in all. */
  long members(Collection<String> groups) throws InterruptedException, ExecutionException {
    return admin.describeConsumerGroups(groups).all().get().values().stream()
        .mapToLong(group -> group.members().size())
        .sum();
  }

  /** Waits until the groups have {@code count} members in all. */
  void awaitMembers(Collection<String> groups, long count, Duration atMost) {
    Awaitility.await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> members(groups) == count);
  }

  /** Waits until none of the groups is rebalancing. */
  void awaitStable(Collection<String> groups, Duration atMost) {
    Awaitility.await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                admin.describeConsumerGroups(groups).all().get().values().stream()
                    .allMatch(group -> group.groupState() == GroupState.STABLE));
  }

  @Override
  public void close() {
    admin.close();
  }
}
