package io.sluice.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.support.EventStream;
import io.sluice.support.EventStream.Event;
import io.sluice.support.Names;
import io.sluice.support.TestGateway;
import io.sluice.support.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Records streamed as Server-Sent Events or NDJSON (DESIGN §1.5), against the real broker. */
class StreamIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final TestGateway gateway = TestGateway.shared();

  /** Auto-commit is on by default (as in Kafka): these tests commit themselves, or not at all. */
  static final String MANUAL_COMMIT = ",\"auto.commit.enable\":\"false\"";

  static void produce(String topic, int count) {
    produce(topic, 0, count);
  }

  /** Records {@code v<first>…}, keyed so they spread over the topic's partitions. */
  static void produce(String topic, int first, int count) {
    TestKafka.produce(
        IntStream.range(first, first + count)
            .mapToObj(
                i ->
                    new ProducerRecord<>(
                        topic,
                        ("k" + i).getBytes(StandardCharsets.UTF_8),
                        ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8)))
            .toList());
  }

  static String instance(TestGateway gateway, String group, String settings) {
    String body = "{\"format\":\"json\",\"auto.offset.reset\":\"earliest\"" + settings + "}";
    return gateway.createInstance(group, body);
  }

  static EventStream stream(String path, String accept, String query) {
    return EventStream.open(gateway.baseUri() + path + "/records" + query, accept, null);
  }

  static int n(Event record) {
    return ((Number) ((Map<?, ?>) record.json().get("value")).get("n")).intValue();
  }

  static List<Integer> numbers(List<Event> records) {
    return records.stream().map(StreamIT::n).toList();
  }

  static List<Integer> range(int count) {
    return IntStream.range(0, count).boxed().toList();
  }

  @Test
  void sseSendsRecordEventsWithTheirIdsAndAnnouncesTheAssignment() {
    String topic = TestKafka.createTopic("sse", 2);
    produce(topic, 20);
    String path = instance(gateway, Names.unique("group"), "");
    gateway.subscribe(path, topic);

    try (EventStream stream = stream(path, EventStream.SSE, "")) {
      await().atMost(WAIT).until(() -> stream.records().size() == 20);

      assertThat(stream.status()).isEqualTo(200);
      assertThat(stream.header("Content-Type")).startsWith("text/event-stream");
      assertThat(stream.records())
          .allSatisfy(
              r -> {
                Map<String, Object> json = r.json();
                assertThat(r.id())
                    .isEqualTo(
                        json.get("topic") + "/" + json.get("partition") + "/" + json.get("offset"));
                assertThat(json).containsKeys("key", "value", "timestamp");
              });
      assertThat(numbers(stream.records())).containsExactlyInAnyOrderElementsOf(range(20));
      Event rebalance =
          stream.events().stream()
              .filter(e -> e.type().equals("rebalance"))
              .findFirst()
              .orElseThrow();
      assertThat(rebalance.json()).containsEntry("revoked", List.of());
      assertThat((List<?>) rebalance.json().get("assigned")).hasSize(2);
    }
  }

  @Test
  void ndjsonSendsOneRecordObjectPerLine() {
    String topic = TestKafka.createTopic("ndjson", 1);
    produce(topic, 10);
    String path = instance(gateway, Names.unique("group"), "");
    gateway.subscribe(path, topic);

    try (EventStream stream = stream(path, EventStream.NDJSON, "")) {
      await().atMost(WAIT).until(() -> stream.records().size() == 10);

      assertThat(stream.header("Content-Type")).startsWith("application/x-ndjson");
      assertThat(numbers(stream.records())).isEqualTo(range(10));
      assertThat(stream.events()).hasSize(10);
    }
  }

  @Test
  void aSecondStreamOrABatchFetchWhileStreamingIs40905AndTheInstanceIsFreeAfterwards() {
    String topic = TestKafka.createTopic("one-stream", 1);
    produce(topic, 5);
    String path = instance(gateway, Names.unique("group"), "");
    gateway.subscribe(path, topic);

    try (EventStream first = stream(path, EventStream.SSE, "")) {
      await().atMost(WAIT).until(() -> first.records().size() == 5);
      try (EventStream second = stream(path, EventStream.NDJSON, "")) {
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.refusal()).contains("40905");
      }
      gateway
          .given()
          .accept("application/vnd.kafka.json.v2+json")
          .get(path + "/records")
          .then()
          .statusCode(409)
          .body("error_code", org.hamcrest.Matchers.equalTo(40905));
    }
    produce(topic, 5, 5);

    assertThat(numbers(asEvents(gateway.fetchAll(path, "application/vnd.kafka.json.v2+json", 5))))
        .isEqualTo(List.of(5, 6, 7, 8, 9));
  }

  private static List<Event> asEvents(List<Map<String, Object>> records) {
    return records.stream()
        .map(r -> new Event(null, "record", io.sluice.support.Json.of(r)))
        .toList();
  }

  @Test
  void commitWithoutBodyWhileStreamingCommitsWhatWasSent() {
    String topic = TestKafka.createTopic("stream-commit", 1);
    produce(topic, 12);
    String group = Names.unique("group");
    String path = instance(gateway, group, MANUAL_COMMIT);
    gateway.subscribe(path, topic);

    try (EventStream stream = stream(path, EventStream.SSE, "")) {
      await().atMost(WAIT).until(() -> stream.records().size() == 12);
      gateway.given().post(path + "/offsets").then().statusCode(200);
    }

    assertThat(TestKafka.committedOffsets(group))
        .isEqualTo(Map.of(new TopicPartition(topic, 0), 12L));
  }

  @Test
  void atMaxUncommittedTheStreamWaitsForACommit() {
    String topic = TestKafka.createTopic("bounded", 1);
    produce(topic, 20);
    String path = instance(gateway, Names.unique("group"), MANUAL_COMMIT);
    gateway.subscribe(path, topic);

    try (EventStream stream = stream(path, EventStream.SSE, "?max_uncommitted=5")) {
      await().atMost(WAIT).until(() -> stream.records().size() == 5);
      await()
          .during(Duration.ofSeconds(2))
          .atMost(Duration.ofSeconds(5))
          .until(() -> stream.records().size() == 5);

      gateway.given().post(path + "/offsets").then().statusCode(200);

      await().atMost(WAIT).until(() -> stream.records().size() == 10);
      assertThat(numbers(stream.records())).isEqualTo(range(10));
    }
  }

  @Test
  void anAutoCommitInstanceCommitsAsItStreamsPastMaxUncommitted() {
    String topic = TestKafka.createTopic("auto-stream", 1);
    produce(topic, 30);
    String group = Names.unique("group");
    String path = instance(gateway, group, ",\"auto.commit.enable\":\"true\"");
    gateway.subscribe(path, topic);

    try (EventStream stream = stream(path, EventStream.NDJSON, "?max_uncommitted=4")) {
      await().atMost(WAIT).until(() -> stream.records().size() == 30);
      assertThat(numbers(stream.records())).isEqualTo(range(30));
      await()
          .atMost(WAIT)
          .until(() -> TestKafka.committedOffsets(group).get(new TopicPartition(topic, 0)) != null);
      assertThat(TestKafka.committedOffsets(group).get(new TopicPartition(topic, 0)))
          .isGreaterThanOrEqualTo(28L);
    }
  }

  @Test
  void aStreamCutAndResumedWithLastEventIdMissesNothingAndRepeatsNothingAcknowledged() {
    String topic = TestKafka.createTopic("resume", 3);
    produce(topic, 60);
    String path = instance(gateway, Names.unique("group"), MANUAL_COMMIT);
    gateway.subscribe(path, topic);

    EventStream first = stream(path, EventStream.SSE, "?max_uncommitted=1000");
    await().atMost(WAIT).until(() -> first.records().size() >= 30);
    first.close();
    List<Event> before = first.records();
    // The client acknowledges by id only what it read; say it read the first 20.
    List<Event> read = before.subList(0, 20);
    String lastEventId = read.get(read.size() - 1).id();
    produce(topic, 60, 40);

    try (EventStream second =
        EventStream.open(gateway.baseUri() + path + "/records", EventStream.SSE, lastEventId)) {
      await().atMost(WAIT).until(() -> second.records().size() >= 80);
      Set<String> readIds = new HashSet<>(read.stream().map(Event::id).toList());

      assertThat(second.ids()).doesNotContainAnyElementsOf(readIds);
      List<Integer> union = new java.util.ArrayList<>(numbers(read));
      union.addAll(numbers(second.records()));
      assertThat(union).containsExactlyInAnyOrderElementsOf(range(100));
    }
  }

  @Test
  void twoStreamingMembersOfOneGroupGetDisjointPartitionsAndEveryRecordOnce() {
    String topic = TestKafka.createTopic("shared-stream", 4);
    String group = Names.unique("group");
    String a = instance(gateway, group, "");
    String b = instance(gateway, group, "");
    gateway.subscribe(a, topic);
    gateway.subscribe(b, topic);
    await().atMost(WAIT).until(() -> TestKafka.settled(group, 2));

    try (EventStream first = stream(a, EventStream.SSE, "");
        EventStream second = stream(b, EventStream.SSE, "")) {
      produce(topic, 200);
      await().atMost(WAIT).until(() -> first.records().size() + second.records().size() >= 200);

      Set<Object> partitionsOfFirst = partitions(first.records());
      Set<Object> partitionsOfSecond = partitions(second.records());
      assertThat(partitionsOfFirst).isNotEmpty().doesNotContainAnyElementsOf(partitionsOfSecond);
      assertThat(partitionsOfSecond).isNotEmpty();
      List<Integer> union = new java.util.ArrayList<>(numbers(first.records()));
      union.addAll(numbers(second.records()));
      assertThat(union).containsExactlyInAnyOrderElementsOf(range(200));
    }
  }

  private static Set<Object> partitions(List<Event> records) {
    Set<Object> partitions = new HashSet<>();
    records.forEach(r -> partitions.add(r.json().get("partition")));
    return partitions;
  }

  @Test
  void aRebalanceMidStreamIsAnnouncedAndRevokedPartitionsSendNothingAfterIt() {
    String topic = TestKafka.createTopic("mid-stream", 4);
    String group = Names.unique("group");
    String a = instance(gateway, group, "");
    gateway.subscribe(a, topic);
    await().atMost(WAIT).until(() -> TestKafka.settled(group, 1));

    try (EventStream first = stream(a, EventStream.SSE, "")) {
      produce(topic, 100);
      await().atMost(WAIT).until(() -> first.records().size() >= 100);
      String b = instance(gateway, group, "");
      gateway.subscribe(b, topic);
      await().atMost(WAIT).until(() -> TestKafka.settled(group, 2));
      await().atMost(WAIT).until(() -> first.events().stream().anyMatch(e -> revokes(e)));
      produce(topic, 100, 100);
      gateway.given().post(a + "/offsets").then().statusCode(200);

      try (EventStream second = stream(b, EventStream.SSE, "")) {
        await().atMost(WAIT).until(() -> second.records().stream().anyMatch(r -> n(r) >= 100));
        // Walk the stream as its client would: a record may only come from a partition held then.
        Set<Object> held = new HashSet<>(List.of(0, 1, 2, 3));
        for (Event event : first.events()) {
          if (event.type().equals("rebalance")) {
            partitionsOf(event, "revoked").forEach(held::remove);
            held.addAll(partitionsOf(event, "assigned"));
          } else {
            assertThat(held).contains(event.json().get("partition"));
          }
        }
        assertThat(held).hasSizeLessThan(4);
      }
    }
  }

  private static List<Object> partitionsOf(Event rebalance, String which) {
    return ((List<?>) rebalance.json().get(which))
        .stream().map(p -> (Object) ((Map<?, ?>) p).get("partition")).toList();
  }

  private static boolean revokes(Event event) {
    return event.type().equals("rebalance") && !((List<?>) event.json().get("revoked")).isEmpty();
  }
}
