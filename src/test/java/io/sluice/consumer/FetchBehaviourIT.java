package io.sluice.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.sluice.support.Json;
import io.sluice.support.Names;
import io.sluice.support.TestGateway;
import io.sluice.support.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** What one GET records answers: how long it waits, how much it holds, and where it stops. */
class FetchBehaviourIT {
  private static final String BINARY = "application/vnd.kafka.binary.v2+json";
  private static final String JSON = "application/vnd.kafka.json.v2+json";
  private static final String TEXT = "application/vnd.kafka.text.v2+json";
  private static final TestGateway gateway = TestGateway.shared();

  /**
   * A new topic, once the broker serves its metadata: CreateTopics answers before the broker has
   * applied it, and an assignment or subscription in between is rightly refused with 40401.
   */
  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static List<ProducerRecord<byte[], byte[]>> numbered(String topic, int count) {
    return IntStream.range(0, count)
        .mapToObj(i -> new ProducerRecord<byte[], byte[]>(topic, 0, null, utf8("v" + i)))
        .toList();
  }

  /** An instance in {@code format} reading partition 0 of {@code topic} from its beginning. */
  private static String assignedInstance(String format, String topic) {
    String path =
        gateway.createInstance(
            Names.unique("group"),
            "{\"format\":\"" + format + "\",\"auto.offset.reset\":\"earliest\"}");
    gateway
        .given()
        .body(Json.of(Map.of("partitions", List.of(Map.of("topic", topic, "partition", 0)))))
        .post(path + "/assignments")
        .then()
        .statusCode(204);
    return path;
  }

  private static List<Object> offsets(List<Map<String, Object>> records) {
    return records.stream().map(r -> r.get("offset")).toList();
  }

  private static void awaitBuffered(String path, int records) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> gateway.instance(path).bufferedRecords() >= records);
  }

  @Test
  void timeoutCanRaiseTheWaitAboveTheInstanceDefault() throws Exception {
    String topic = TestKafka.createTopic("longpoll", 1);
    String path = assignedInstance("text", topic);
    ConsumerInstance instance = gateway.instance(path);
    ScheduledExecutorService producer = Executors.newSingleThreadScheduledExecutor();
    try {
      // The record is written about 3 s after the fetch started waiting, well past the shared
      // gateway's default wait of 1 s: only a wait raised by ?timeout= can answer with it.
      producer.submit(
          () -> {
            await().atMost(Duration.ofSeconds(30)).until(() -> instance.waitingFetches() == 1);
            producer.schedule(
                () ->
                    TestKafka.produce(List.of(new ProducerRecord<>(topic, 0, null, utf8("late")))),
                3,
                TimeUnit.SECONDS);
          });

      List<Map<String, Object>> records = gateway.fetch(path, TEXT, "?timeout=15000");

      assertThat(records).extracting(r -> r.get("value")).containsExactly("late");
    } finally {
      producer.shutdownNow();
    }
  }

  @Test
  void firstRecordComesEvenWhenItAloneIsLargerThanMaxBytes() {
    String topic = TestKafka.createTopic("large", 1);
    byte[] large = new byte[1000];
    large[0] = 7;
    TestKafka.produce(
        List.of(
            new ProducerRecord<>(topic, 0, null, large),
            new ProducerRecord<>(topic, 0, null, large)));
    String path = assignedInstance("binary", topic);
    awaitBuffered(path, 2);

    List<Map<String, Object>> records = gateway.fetch(path, BINARY, "?max_bytes=10");

    assertThat(offsets(records)).containsExactly(0);
    assertThat(Base64.getDecoder().decode((String) records.get(0).get("value"))).isEqualTo(large);
  }

  @Test
  void maxRecordsCapsOneAnswer() {
    String topic = TestKafka.createTopic("maxrecords", 1);
    TestKafka.produce(numbered(topic, 20));
    String path = assignedInstance("text", topic);
    awaitBuffered(path, 20);

    List<Map<String, Object>> first = gateway.fetch(path, TEXT, "?max_records=3");
    List<Map<String, Object>> second = gateway.fetch(path, TEXT, "?max_records=3");

    assertThat(offsets(first)).containsExactly(0, 1, 2);
    assertThat(first).extracting(r -> r.get("value")).containsExactly("v0", "v1", "v2");
    assertThat(offsets(second)).containsExactly(3, 4, 5);
  }

  @Test
  void maxRecordsOfZeroIs422() {
    String topic = TestKafka.createTopic("zerorecords", 1);
    String path = assignedInstance("text", topic);

    gateway
        .givenBadRequest()
        .accept(TEXT)
        .get(path + "/records?max_records=0")
        .then()
        .statusCode(422)
        .body("error_code", equalTo(422));
  }

  @Test
  void recordThatCannotBeRenderedStopsEveryFetchAtItsOffsetUntilTheClientSeeksPastIt() {
    String topic = TestKafka.createTopic("poison", 1);
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      String value = i == 3 ? "{this is not json" : "{\"n\":" + i + "}";
      records.add(new ProducerRecord<>(topic, 0, null, utf8(value)));
    }
    TestKafka.produce(records);
    String path = assignedInstance("json", topic);
    assertThat(offsets(gateway.fetchAll(path, JSON, 3))).containsExactly(0, 1, 2);

    for (int attempt = 0; attempt < 2; attempt++) {
      gateway
          .given()
          .accept(JSON)
          .get(path + "/records?timeout=5000")
          .then()
          .statusCode(422)
          .body("error_code", equalTo(42207))
          .body("topic", equalTo(topic))
          .body("partition", equalTo(0))
          .body("offset", equalTo(3));
    }

    gateway
        .given()
        .body(
            Json.of(
                Map.of("offsets", List.of(Map.of("topic", topic, "partition", 0, "offset", 4)))))
        .post(path + "/positions")
        .then()
        .statusCode(204);
    List<Map<String, Object>> resumed = gateway.fetchAll(path, JSON, 2);
    assertThat(offsets(resumed)).containsExactly(4, 5);
    assertThat(resumed)
        .extracting(r -> r.get("value"))
        .containsExactly(Map.of("n", 4), Map.of("n", 5));
  }

  @Test
  void concurrentFetchesOnOneInstanceGetDistinctRecords() throws Exception {
    String topic = TestKafka.createTopic("concurrent", 1);
    TestKafka.produce(numbered(topic, 200));
    String path = assignedInstance("text", topic);
    Queue<Object> received = new ConcurrentLinkedQueue<>();
    AtomicBoolean done = new AtomicBoolean();
    ExecutorService clients = Executors.newFixedThreadPool(8);
    List<Future<?>> fetching = new ArrayList<>();
    try {
      for (int i = 0; i < 8; i++) {
        fetching.add(
            clients.submit(
                () -> {
                  while (!done.get()) {
                    gateway
                        .fetch(path, TEXT, "?max_records=10&timeout=2000")
                        .forEach(r -> received.add(r.get("offset")));
                  }
                  return null;
                }));
      }

      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> received.size() >= 200 || fetching.stream().anyMatch(Future::isDone));
      done.set(true);
      for (Future<?> client : fetching) {
        client.get(30, TimeUnit.SECONDS);
      }
    } finally {
      done.set(true);
      clients.shutdownNow();
    }

    assertThat(received).hasSize(200);
    assertThat(new HashSet<>(received)).hasSize(200);
    assertThat(new HashSet<>(received))
        .isEqualTo(new HashSet<>(IntStream.range(0, 200).boxed().toList()));
  }
}
