package io.sluice.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.format.EmbeddedFormat;
import io.sluice.format.RecordFormat;
import io.sluice.format.UnrenderableRecordException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RecordBufferTest {
  private static final Duration LONG = Duration.ofSeconds(30);
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final DeliveredOffsets delivered =
      new DeliveredOffsets(
          new ConsumerMetrics(new SimpleMeterRegistry(), false), new StreamLedger(Runnable::run));
  private final RecordBuffer buffer =
      new RecordBuffer(
          1000, 10, RecordFormat.of(EmbeddedFormat.JSON), delivered, timer, Runnable::run);

  @AfterEach
  void stopTimer() {
    timer.shutdownNow();
  }

  private static ConsumerRecord<byte[], byte[]> record(int partition, long offset, String json) {
    return new ConsumerRecord<>(
        "t", partition, offset, null, json.getBytes(StandardCharsets.UTF_8));
  }

  private static List<Long> offsets(Batch batch) {
    return batch.records().stream().map(RenderedRecord::offset).toList();
  }

  @Test
  void fetchAnswersAtOnceWhenRecordsAreBuffered() {
    buffer.add(List.of(record(0, 0, "1"), record(0, 1, "2")));

    CompletableFuture<Batch> fetch = buffer.fetch(new FetchRequest(LONG, 100, 1));

    assertThat(fetch).isCompleted();
    assertThat(offsets(fetch.join())).containsExactly(0L, 1L);
  }

  @Test
  void anAnsweredFetchLeavesNoExpiryTaskHoldingItsRecords() {
    ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1);
    timers.setRemoveOnCancelPolicy(true);
    RecordBuffer waiting =
        new RecordBuffer(
            1000, 10, RecordFormat.of(EmbeddedFormat.JSON), delivered, timers, Runnable::run);
    CompletableFuture<Batch> fetch = waiting.fetch(new FetchRequest(LONG, 100, 1));
    assertThat(timers.getQueue()).hasSize(1);

    waiting.add(List.of(record(0, 0, "1")));

    assertThat(fetch).isCompleted();
    assertThat(timers.getQueue()).isEmpty();
    timers.shutdownNow();
  }

  @Test
  void waitingFetchIsAnsweredWhenRecordsArrive() {
    CompletableFuture<Batch> fetch = buffer.fetch(new FetchRequest(LONG, 100, 1));
    assertThat(fetch).isNotDone();

    buffer.add(List.of(record(0, 5, "\"x\"")));

    assertThat(offsets(fetch.join())).containsExactly(5L);
  }

  @Test
  void fetchTimesOutEmpty() {
    CompletableFuture<Batch> fetch = buffer.fetch(new FetchRequest(Duration.ofMillis(50), 100, 1));

    assertThat(fetch.join().records()).isEmpty();
  }

  @Test
  void maxBytesLimitsTheBatchButTheFirstRecordAlwaysComes() {
    buffer.add(List.of(record(0, 0, "\"0123456789\""), record(0, 1, "\"abc\"")));

    Batch first = buffer.fetch(new FetchRequest(LONG, 5, 1)).join();
    first.delivered();
    Batch second = buffer.fetch(new FetchRequest(LONG, 5, 1)).join();

    assertThat(offsets(first)).containsExactly(0L);
    assertThat(offsets(second)).containsExactly(1L);
  }

  @Test
  void nextFetchWaitsUntilThePreviousBatchIsSettled() {
    buffer.add(List.of(record(0, 0, "1"), record(0, 1, "2")));
    Batch first = buffer.fetch(new FetchRequest(LONG, 1, 1)).join();

    CompletableFuture<Batch> second = buffer.fetch(new FetchRequest(LONG, 1, 1));
    assertThat(second).isNotDone();
    first.delivered();

    assertThat(offsets(second.join())).containsExactly(1L);
  }

  @Test
  void undeliveredBatchReturnsToTheHeadInOrder() {
    buffer.add(List.of(record(0, 0, "1"), record(0, 1, "2"), record(0, 2, "3")));
    Batch lost = buffer.fetch(new FetchRequest(LONG, 2, 1)).join();

    lost.undelivered();

    assertThat(offsets(buffer.fetch(new FetchRequest(LONG, 100, 1)).join()))
        .containsExactly(0L, 1L, 2L);
    assertThat(delivered.all()).isEmpty();
  }

  @Test
  void deliveredBatchAdvancesDeliveredOffsetsOfOwnedPartitions() {
    delivered.own(List.of(new TopicPartition("t", 0)));
    buffer.add(List.of(record(0, 7, "1"), record(1, 3, "2")));

    buffer.fetch(new FetchRequest(LONG, 100, 1)).join().delivered();

    assertThat(delivered.all()).isEqualTo(Map.of(new TopicPartition("t", 0), 8L));
  }

  @Test
  void droppedPartitionsLeaveTheBufferAndAreNotRequeued() {
    buffer.add(List.of(record(0, 0, "1"), record(1, 0, "2")));
    Batch outstanding = buffer.fetch(new FetchRequest(LONG, 1, 1)).join();
    buffer.add(List.of(record(1, 1, "3")));

    buffer.drop(List.of(new TopicPartition("t", 0), new TopicPartition("t", 1)));
    outstanding.undelivered();

    assertThat(buffer.records()).isZero();
    assertThat(buffer.bytes()).isZero();
  }

  @Test
  void unrenderableHeadRecordFailsTheFetchAndStaysBuffered() {
    buffer.add(List.of(record(0, 0, "{\"ok\":1}"), record(0, 1, "{broken")));

    Batch good = buffer.fetch(new FetchRequest(LONG, 100, 1)).join();
    good.delivered();
    CompletableFuture<Batch> bad = buffer.fetch(new FetchRequest(LONG, 100, 1));

    assertThat(offsets(good)).containsExactly(0L);
    assertThatThrownBy(bad::join)
        .hasCauseInstanceOf(UnrenderableRecordException.class)
        .hasMessageContaining("partition 0, offset 1");
    assertThat(buffer.records()).isEqualTo(1);
  }

  @Test
  void aRecordThatFailsToRenderWaitsAsUnrenderableAndTheRestOfThePollStays() {
    // Valid at Jackson's nesting limit, one level too deep once inside the record object.
    String deep = "[".repeat(1000) + "\"é\"" + "]".repeat(1000);
    RecordBuffer roomy =
        new RecordBuffer(
            1_000_000, 10, RecordFormat.of(EmbeddedFormat.JSON), delivered, timer, Runnable::run);
    roomy.add(List.of(record(0, 0, "1"), record(0, 1, deep), record(0, 2, "3")));

    Batch before = roomy.fetch(new FetchRequest(LONG, 1_000_000, 1)).join();
    before.delivered();
    CompletableFuture<Batch> failing = roomy.fetch(new FetchRequest(LONG, 1_000_000, 1));

    assertThat(offsets(before)).containsExactly(0L);
    assertThatThrownBy(failing::join)
        .hasCauseInstanceOf(UnrenderableRecordException.class)
        .hasMessageContaining("offset 1")
        .hasMessageContaining("could not be rendered");
    assertThat(roomy.records()).isEqualTo(2);
  }

  @Test
  void fullAndDrainedFollowTheBounds() {
    List<ConsumerRecord<byte[], byte[]>> many = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      many.add(record(0, i, "1"));
    }
    buffer.add(many);
    assertThat(buffer.full()).isTrue();
    assertThat(buffer.drained()).isFalse();

    buffer.fetch(new FetchRequest(LONG, 6, 1)).join().delivered();

    assertThat(buffer.full()).isFalse();
    assertThat(buffer.drained()).isTrue();
  }

  @Test
  void laterFetchWithShorterTimeoutAnswersEmptyInsteadOfWaitingBehindTheFirst() {
    CompletableFuture<Batch> first = buffer.fetch(new FetchRequest(LONG, 100, 1));
    CompletableFuture<Batch> second = buffer.fetch(new FetchRequest(Duration.ofMillis(50), 100, 1));

    assertThat(second.join().records()).isEmpty();
    assertThat(first).isNotDone();
  }

  @Test
  void closeAnswersWaitingFetches() {
    CompletableFuture<Batch> fetch = buffer.fetch(new FetchRequest(LONG, 100, 1));

    buffer.close();

    assertThat(fetch.join().records()).isEmpty();
  }
}
