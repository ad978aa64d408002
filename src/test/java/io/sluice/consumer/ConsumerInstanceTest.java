package io.sluice.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.format.EmbeddedFormat;
import io.sluice.format.RecordFormat;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The poll loop's bookkeeping against Kafka's MockConsumer (integration tests use a broker). */
class ConsumerInstanceTest {
  private static final TopicPartition P0 = new TopicPartition("t", 0);
  private static final TopicPartition P1 = new TopicPartition("t", 1);
  private static final FetchRequest ONE_RECORD = new FetchRequest(Duration.ofSeconds(5), 1, 1);
  private static final FetchRequest EVERYTHING =
      new FetchRequest(Duration.ofSeconds(5), 1 << 20, 1);

  private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private ConsumerInstance instance;

  @AfterEach
  void close() {
    if (instance != null) {
      instance.close();
    }
    timer.shutdownNow();
  }

  private ConsumerInstance start(boolean autoCommit) {
    ConsumerSpec spec =
        new ConsumerSpec(
            "g",
            Optional.of("i"),
            RecordFormat.of(EmbeddedFormat.BINARY),
            Optional.empty(),
            autoCommit,
            1,
            Optional.empty(),
            Optional.empty(),
            Map.of());
    InstanceResources resources =
        new InstanceResources(
            timer,
            Runnable::run,
            new ConsumerMetrics(new SimpleMeterRegistry(), true),
            1 << 20,
            1000);
    consumer.updatePartitions(
        "t",
        List.of(
            new PartitionInfo("t", 0, null, new Node[0], new Node[0]),
            new PartitionInfo("t", 1, null, new Node[0], new Node[0])));
    instance =
        new ConsumerInstance(
            "i", spec, Owner.named("anonymous"), consumer, resources, Duration.ofHours(1));
    instance.subscribe(List.of("t")).join();
    consumer.schedulePollTask(
        () -> {
          consumer.rebalance(List.of(P0, P1));
          consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
          for (int offset = 0; offset < 5; offset++) {
            consumer.addRecord(new ConsumerRecord<>("t", 0, offset, null, new byte[] {1}));
            consumer.addRecord(new ConsumerRecord<>("t", 1, offset, null, new byte[] {2}));
          }
        });
    await().atMost(Duration.ofSeconds(10)).until(() -> instance.bufferedRecords() == 10);
    return instance;
  }

  private Map<TopicPartition, OffsetAndMetadata> committed() {
    return consumer.committed(Set.of(P0, P1));
  }

  @Test
  void commitWithoutBodyCommitsOnlyDeliveredOffsets() {
    ConsumerInstance instance = start(false);
    Batch batch = instance.fetch(ONE_RECORD).join();
    batch.delivered();

    List<CommittedOffset> result = instance.commitDelivered().join();

    RenderedRecord only = batch.records().get(0);
    TopicPartition partition = only.partition();
    assertThat(result)
        .containsExactly(CommittedOffset.of("t", partition.partition(), only.offset() + 1));
    assertThat(committed()).isEqualTo(Map.of(partition, new OffsetAndMetadata(only.offset() + 1)));
  }

  @Test
  void recordsOfAnUndeliveredAnswerAreNotCommitted() {
    ConsumerInstance instance = start(false);
    instance.fetch(EVERYTHING).join().undelivered();

    assertThat(instance.commitDelivered().join()).isEmpty();
    assertThat(committed()).isEmpty();
    assertThat(instance.bufferedRecords()).isEqualTo(10);
  }

  @Test
  void revocationDropsBufferedRecordsOfRevokedPartitions() {
    ConsumerInstance instance = start(false);

    consumer.schedulePollTask(() -> consumer.rebalance(List.of(P1)));
    await().atMost(Duration.ofSeconds(10)).until(() -> instance.bufferedRecords() == 5);

    assertThat(instance.fetch(EVERYTHING).join().records())
        .allSatisfy(r -> assertThat(r.partition()).isEqualTo(P1));
  }

  @Test
  void autoCommitCommitsAcknowledgedOffsetsBeforeRevocation() {
    ConsumerInstance instance = start(true);
    Batch batch = instance.fetch(EVERYTHING).join();
    batch.delivered();
    instance.acknowledge();

    consumer.schedulePollTask(() -> consumer.rebalance(List.of(P1)));
    // MockConsumer shows committed offsets of assigned partitions only: take P0 back to look.
    consumer.schedulePollTask(() -> consumer.rebalance(List.of(P0, P1)));

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> new OffsetAndMetadata(5).equals(committed().get(P0)));
  }

  @Test
  void autoCommitLeavesOutAnAnswerTheClientNeverAcknowledged() {
    ConsumerInstance instance = start(true);
    Batch acknowledged = instance.fetch(ONE_RECORD).join();
    acknowledged.delivered();
    instance.acknowledge();
    Batch unread = instance.fetch(ONE_RECORD).join();
    unread.delivered();
    TopicPartition partition = partitionOf(acknowledged);
    assertThat(partitionOf(unread)).isEqualTo(partition);

    consumer.schedulePollTask(() -> consumer.rebalance(List.of(partition.equals(P0) ? P1 : P0)));
    consumer.schedulePollTask(() -> consumer.rebalance(List.of(P0, P1)));

    long next = acknowledged.records().get(0).offset() + 1;
    await().atMost(Duration.ofSeconds(10)).until(() -> committed().get(partition) != null);
    assertThat(committed().get(partition)).isEqualTo(new OffsetAndMetadata(next));
  }

  private static TopicPartition partitionOf(Batch batch) {
    return batch.records().get(0).partition();
  }

  @Test
  void commitForAPartitionThatMovedIsRejected() {
    ConsumerInstance instance = start(false);
    consumer.schedulePollTask(() -> consumer.rebalance(List.of(P1)));
    await().atMost(Duration.ofSeconds(10)).until(() -> instance.bufferedRecords() == 5);

    assertThatThrownBy(() -> instance.commit(List.of(new PartitionOffset("t", 0, 3, ""))).join())
        .hasCauseInstanceOf(ConsumerException.class)
        .cause()
        .satisfies(
            e ->
                assertThat(((ConsumerException) e).kind())
                    .isEqualTo(ConsumerException.Kind.COMMIT_REJECTED));
    assertThat(committed()).isEmpty();
  }
}
