package io.sluice.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.sluice.support.Json;
import io.sluice.support.Names;
import io.sluice.support.TestGateway;
import io.sluice.support.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Manual assignment and seeking through the gateway: what is read, and from where. */
class AssignmentAndPositionsIT {
  private static final String TEXT = "application/vnd.kafka.text.v2+json";
  private static final String EARLIEST = "{\"format\":\"text\",\"auto.offset.reset\":\"earliest\"}";
  private static final TestGateway gateway = TestGateway.shared();

  /**
   * Records far enough in the past to be plausible and recent enough for any retention: ten seconds
   * apart from a whole second an hour ago.
   */
  private static final long BASE =
      Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS).toEpochMilli();

  private static final long STEP = 10_000;

  private static List<ProducerRecord<byte[], byte[]>> numbered(
      String topic, int partition, int count) {
    return IntStream.range(0, count)
        .mapToObj(
            i ->
                new ProducerRecord<byte[], byte[]>(
                    topic, partition, null, utf8("p" + partition + "-" + i)))
        .toList();
  }

  /** {@code count} records whose timestamps are {@code BASE}, {@code BASE + STEP}, … */
  private static List<ProducerRecord<byte[], byte[]>> timestamped(String topic, int count) {
    return IntStream.range(0, count)
        .mapToObj(
            i -> new ProducerRecord<byte[], byte[]>(topic, 0, BASE + i * STEP, null, utf8("t" + i)))
        .toList();
  }

  /**
   * A new topic, once the broker serves its metadata: CreateTopics answers before the broker has
   * applied it, and an assignment or subscription in between is rightly refused with 40401.
   */
  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static Map<String, Object> partition(String topic, int partition) {
    return Map.of("topic", topic, "partition", partition);
  }

  private static String partitions(Map<?, ?>... partitions) {
    return Json.of(Map.of("partitions", List.of(partitions)));
  }

  private static void assign(String path, Map<?, ?>... partitions) {
    gateway.given().body(partitions(partitions)).post(path + "/assignments").then().statusCode(204);
  }

  private static List<Map<String, Object>> assignment(String path) {
    return gateway
        .given()
        .get(path + "/assignments")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("partitions");
  }

  private static void seek(String path, String body) {
    gateway.given().body(body).post(path + "/positions").then().statusCode(204);
  }

  private static String offset(String topic, long offset) {
    return Json.of(
        Map.of("offsets", List.of(Map.of("topic", topic, "partition", 0, "offset", offset))));
  }

  private static String timestamp(String topic, Object timestamp) {
    return Json.of(
        Map.of(
            "timestamps", List.of(Map.of("topic", topic, "partition", 0, "timestamp", timestamp))));
  }

  private static List<Object> offsets(List<Map<String, Object>> records) {
    return records.stream().map(r -> r.get("offset")).toList();
  }

  private static List<Object> range(int from, int to) {
    return IntStream.range(from, to).mapToObj(i -> (Object) i).toList();
  }

  /** An instance created with {@code body} and assigned partition 0 of {@code topic}. */
  private static String assignedInstance(String group, String body, String topic) {
    String path = gateway.createInstance(group, body);
    assign(path, partition(topic, 0));
    return path;
  }

  /** A producer that already holds the metadata of {@code topic}, so a send goes out at once. */
  private static KafkaProducer<byte[], byte[]> connectedProducer(String topic) {
    KafkaProducer<byte[], byte[]> producer = TestKafka.producer();
    producer.partitionsFor(topic);
    return producer;
  }

  /** Fetches until a non-empty answer; answers it. */
  private static List<Map<String, Object>> nextRecords(String path, String query) {
    return await("the next non-empty answer")
        .atMost(Duration.ofSeconds(30))
        .until(() -> gateway.fetch(path, TEXT, query), records -> !records.isEmpty());
  }

  @Test
  void assignedInstanceFetchesOnlyTheAssignedPartitions() {
    String topic = TestKafka.createTopic("assigned", 3);
    for (int p = 0; p < 3; p++) {
      TestKafka.produce(numbered(topic, p, 5));
    }
    String path = gateway.createInstance(Names.unique("group"), EARLIEST);

    assign(path, partition(topic, 2), partition(topic, 0));

    List<Map<String, Object>> received = gateway.fetchAll(path, TEXT, 10);
    received.addAll(gateway.fetch(path, TEXT, "?timeout=1000"));
    assertThat(received).extracting(r -> r.get("partition")).containsOnly(0, 2);
    assertThat(received)
        .extracting(r -> r.get("value"))
        .containsExactlyInAnyOrder(
            "p0-0", "p0-1", "p0-2", "p0-3", "p0-4", "p2-0", "p2-1", "p2-2", "p2-3", "p2-4");
  }

  @Test
  void assignmentsListAManualAssignmentSortedByTopicThenPartition() {
    String alpha = TestKafka.createTopic("alpha", 11);
    String zeta = TestKafka.createTopic("zeta", 2);
    String path = gateway.createInstance(Names.unique("group"), "{}");

    assign(
        path,
        partition(zeta, 1),
        partition(alpha, 10),
        partition(zeta, 0),
        partition(alpha, 2),
        partition(alpha, 0));

    assertThat(assignment(path))
        .containsExactly(
            partition(alpha, 0),
            partition(alpha, 2),
            partition(alpha, 10),
            partition(zeta, 0),
            partition(zeta, 1));
  }

  @Test
  void assignmentsListWhatTheGroupAssignedASubscribedInstance() {
    String topic = TestKafka.createTopic("grouped", 3);
    String path = gateway.createInstance(Names.unique("group"), "{}");

    gateway.subscribe(path, topic);

    List<Map<String, Object>> assigned =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> assignment(path), partitions -> !partitions.isEmpty());
    assertThat(assigned)
        .containsExactly(partition(topic, 0), partition(topic, 1), partition(topic, 2));
  }

  @Test
  void assigningATopicThatDoesNotExistIs40401() {
    String topic = Names.unique("missing");
    String path = gateway.createInstance(Names.unique("group"), "{}");

    gateway
        .given()
        .body(partitions(partition(topic, 0)))
        .post(path + "/assignments")
        .then()
        .statusCode(404)
        .body("error_code", equalTo(40401))
        .body("message", containsString(topic));

    assertThat(assignment(path)).isEmpty();
  }

  @Test
  void assigningAPartitionBeyondTheTopicsPartitionCountIs40402() {
    String topic = TestKafka.createTopic("twoparts", 2);
    String path = gateway.createInstance(Names.unique("group"), "{}");

    gateway
        .given()
        .body(partitions(partition(topic, 0), partition(topic, 2)))
        .post(path + "/assignments")
        .then()
        .statusCode(404)
        .body("error_code", equalTo(40402));

    assertThat(assignment(path)).isEmpty();
  }

  @Test
  void assigningAnEmptyListOfPartitionsIs422() {
    String path = gateway.createInstance(Names.unique("group"), "{}");

    gateway
        .givenBadRequest()
        .body("{\"partitions\":[]}")
        .post(path + "/assignments")
        .then()
        .statusCode(422)
        .body("error_code", equalTo(422));
  }

  @Test
  void subscribingAManuallyAssignedInstanceIs40903() {
    String topic = TestKafka.createTopic("assignfirst", 1);
    String path = gateway.createInstance(Names.unique("group"), "{}");
    assign(path, partition(topic, 0));

    gateway
        .given()
        .body(Json.of(Map.of("topics", List.of(topic))))
        .post(path + "/subscription")
        .then()
        .statusCode(409)
        .body("error_code", equalTo(40903));

    assertThat(assignment(path)).containsExactly(partition(topic, 0));
  }

  @Test
  void assigningASubscribedInstanceIs40903() {
    String topic = TestKafka.createTopic("subscribefirst", 1);
    String path = gateway.createInstance(Names.unique("group"), "{}");
    gateway.subscribe(path, topic);

    gateway
        .given()
        .body(partitions(partition(topic, 0)))
        .post(path + "/assignments")
        .then()
        .statusCode(409)
        .body("error_code", equalTo(40903));

    gateway
        .given()
        .get(path + "/subscription")
        .then()
        .statusCode(200)
        .body("topics[0]", equalTo(topic));
  }

  @Test
  void deletingTheSubscriptionDropsAManualAssignment() {
    String topic = TestKafka.createTopic("unassign", 2);
    String path = gateway.createInstance(Names.unique("group"), EARLIEST);
    assign(path, partition(topic, 0));

    gateway.given().delete(path + "/subscription").then().statusCode(204);

    assertThat(assignment(path)).isEmpty();
    gateway
        .given()
        .accept(TEXT)
        .get(path + "/records")
        .then()
        .statusCode(409)
        .body("error_code", equalTo(40903));
    assign(path, partition(topic, 1));
    assertThat(assignment(path)).containsExactly(partition(topic, 1));
    TestKafka.produce(List.of(new ProducerRecord<>(topic, 1, null, utf8("again"))));
    assertThat(gateway.fetchAll(path, TEXT, 1))
        .extracting(r -> r.get("value"))
        .containsExactly("again");
  }

  @Test
  void seekToAnOffsetStartsTheNextFetchExactlyThere() {
    String topic = TestKafka.createTopic("seek", 1);
    TestKafka.produce(numbered(topic, 0, 20));
    String path = assignedInstance(Names.unique("group"), EARLIEST, topic);

    seek(path, offset(topic, 12));

    assertThat(offsets(gateway.fetchAll(path, TEXT, 8))).isEqualTo(range(12, 20));
  }

  @Test
  void seekBackwardsAfterConsumingFurtherFetchesFromThereAgain() {
    String topic = TestKafka.createTopic("seekback", 1);
    TestKafka.produce(numbered(topic, 0, 20));
    String path = assignedInstance(Names.unique("group"), EARLIEST, topic);
    assertThat(offsets(gateway.fetchAll(path, TEXT, 20))).isEqualTo(range(0, 20));

    seek(path, offset(topic, 5));

    List<Map<String, Object>> again = gateway.fetchAll(path, TEXT, 15);
    assertThat(offsets(again)).isEqualTo(range(5, 20));
    assertThat(again.get(0)).containsEntry("value", "p0-5");
  }

  @Test
  void commitWithoutBodyAfterSeekingBackCommitsOnlyWhatWasDeliveredSinceTheSeek() {
    String topic = TestKafka.createTopic("seekcommit", 1);
    String group = Names.unique("group");
    TestKafka.produce(numbered(topic, 0, 20));
    String path =
        assignedInstance(
            group,
            "{\"format\":\"text\",\"auto.offset.reset\":\"earliest\",\"auto.commit.enable\":\"false\"}",
            topic);
    gateway.fetchAll(path, TEXT, 20);
    seek(path, offset(topic, 5));
    List<Map<String, Object>> received = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              received.addAll(
                  gateway.fetch(path, TEXT, "?timeout=500&max_records=" + (5 - received.size())));
              return received.size() >= 5;
            });
    assertThat(offsets(received)).isEqualTo(range(5, 10));

    gateway
        .given()
        .post(path + "/offsets")
        .then()
        .statusCode(200)
        .body("size()", equalTo(1))
        .body("[0].topic", equalTo(topic))
        .body("[0].partition", equalTo(0))
        .body("[0].consumed", equalTo(9))
        .body("[0].committed", equalTo(10));

    assertThat(TestKafka.committedOffsets(group))
        .isEqualTo(Map.of(new TopicPartition(topic, 0), 10L));
  }

  @Test
  void seekToAnEpochMillisecondTimestampStartsAtTheFirstRecordAtOrAfterIt() {
    String topic = TestKafka.createTopic("seektime", 1);
    TestKafka.produce(timestamped(topic, 10));
    String path = assignedInstance(Names.unique("group"), EARLIEST, topic);

    seek(path, timestamp(topic, BASE + 2 * STEP + 1));

    List<Map<String, Object>> records = gateway.fetchAll(path, TEXT, 7);
    assertThat(offsets(records)).isEqualTo(range(3, 10));
    assertThat(records.get(0)).containsEntry("timestamp", BASE + 3 * STEP);
  }

  @Test
  void seekToAnIsoTimestampInUtcStartsAtTheRecordWithExactlyThatTimestamp() {
    String topic = TestKafka.createTopic("seekiso", 1);
    TestKafka.produce(timestamped(topic, 10));
    String path = assignedInstance(Names.unique("group"), EARLIEST, topic);
    String iso =
        DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
            Instant.ofEpochMilli(BASE + 4 * STEP).atOffset(ZoneOffset.UTC));
    assertThat(iso).endsWith("Z");

    seek(path, timestamp(topic, iso));

    assertThat(offsets(gateway.fetchAll(path, TEXT, 6))).isEqualTo(range(4, 10));
  }

  @Test
  void seekToAnIsoTimestampWithAZoneOffsetTakesTheOffsetIntoAccount() {
    String topic = TestKafka.createTopic("seekzone", 1);
    TestKafka.produce(timestamped(topic, 10));
    String path = assignedInstance(Names.unique("group"), EARLIEST, topic);
    // Half a step after record 5, written in UTC+1: read as UTC it would be past every record.
    OffsetDateTime plusOne =
        Instant.ofEpochMilli(BASE + 5 * STEP + STEP / 2).atOffset(ZoneOffset.ofHours(1));
    String iso = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(plusOne);
    assertThat(iso).endsWith("+01:00");

    seek(path, timestamp(topic, iso));

    assertThat(offsets(gateway.fetchAll(path, TEXT, 4))).isEqualTo(range(6, 10));
  }

  @Test
  void seekToATimestampPastTheLastRecordSeeksToTheEnd() throws Exception {
    String topic = TestKafka.createTopic("seekpast", 1);
    TestKafka.produce(timestamped(topic, 5));
    String path = assignedInstance(Names.unique("group"), EARLIEST, topic);

    try (KafkaProducer<byte[], byte[]> producer = connectedProducer(topic)) {
      seek(path, timestamp(topic, BASE + 60 * STEP));
      // Written right after the answer: the end the instance moved to must lie before it.
      producer.send(new ProducerRecord<>(topic, 0, null, utf8("new"))).get();
    }

    List<Map<String, Object>> records = nextRecords(path, "?timeout=500");
    assertThat(offsets(records)).containsExactly(5);
    assertThat(records.get(0)).containsEntry("value", "new");
  }

  @Test
  void seekToTheBeginningFetchesEveryRecordAgain() {
    String topic = TestKafka.createTopic("beginning", 1);
    TestKafka.produce(numbered(topic, 0, 10));
    String path = assignedInstance(Names.unique("group"), EARLIEST, topic);
    assertThat(offsets(gateway.fetchAll(path, TEXT, 10))).isEqualTo(range(0, 10));

    gateway
        .given()
        .body(partitions(partition(topic, 0)))
        .post(path + "/positions/beginning")
        .then()
        .statusCode(204);

    assertThat(offsets(gateway.fetchAll(path, TEXT, 10))).isEqualTo(range(0, 10));
  }

  @Test
  void seekToTheEndSkipsTheRecordsWrittenBeforeButNotTheNextOne() throws Exception {
    String topic = TestKafka.createTopic("end", 1);
    TestKafka.produce(numbered(topic, 0, 10));
    String path = assignedInstance(Names.unique("group"), EARLIEST, topic);

    try (KafkaProducer<byte[], byte[]> producer = connectedProducer(topic)) {
      gateway
          .given()
          .body(partitions(partition(topic, 0)))
          .post(path + "/positions/end")
          .then()
          .statusCode(204);
      // Written right after the answer: the end the instance moved to must lie before it.
      producer.send(new ProducerRecord<>(topic, 0, null, utf8("after"))).get();
    }

    List<Map<String, Object>> records = nextRecords(path, "?timeout=500");
    assertThat(offsets(records)).containsExactly(10);
    assertThat(records.get(0)).containsEntry("value", "after");
  }

  @Test
  void seekingAPartitionNotAssignedToTheInstanceIs40903() {
    String topic = TestKafka.createTopic("notassigned", 2);
    String path = assignedInstance(Names.unique("group"), EARLIEST, topic);
    String other = partitions(partition(topic, 1));

    gateway
        .given()
        .body(
            Json.of(
                Map.of("offsets", List.of(Map.of("topic", topic, "partition", 1, "offset", 0)))))
        .post(path + "/positions")
        .then()
        .statusCode(409)
        .body("error_code", equalTo(40903))
        .body("message", containsString("not assigned"))
        .body("message", containsString(topic + "-1"));
    for (String where : List.of("/positions/beginning", "/positions/end")) {
      gateway
          .given()
          .body(other)
          .post(path + where)
          .then()
          .statusCode(409)
          .body("error_code", equalTo(40903))
          .body("message", containsString("not assigned"));
    }
  }

  @Test
  void seekToANegativeOffsetIs422() {
    String topic = TestKafka.createTopic("negative", 1);
    String path = assignedInstance(Names.unique("group"), EARLIEST, topic);

    gateway
        .givenBadRequest()
        .body(
            Json.of(
                Map.of("offsets", List.of(Map.of("topic", topic, "partition", 0, "offset", -1)))))
        .post(path + "/positions")
        .then()
        .statusCode(422)
        .body("error_code", equalTo(422));
  }

  @Test
  void seekWithNeitherOffsetsNorTimestampsIs422() {
    String topic = TestKafka.createTopic("noseek", 1);
    String path = assignedInstance(Names.unique("group"), EARLIEST, topic);

    for (String body : List.of("{}", "{\"offsets\":[],\"timestamps\":[]}")) {
      gateway
          .givenBadRequest()
          .body(body)
          .post(path + "/positions")
          .then()
          .statusCode(422)
          .body("error_code", equalTo(422));
    }
  }

  @Test
  void seekToATimestampThatIsNoDateTimeIs422() {
    String topic = TestKafka.createTopic("badtime", 1);
    String path = assignedInstance(Names.unique("group"), EARLIEST, topic);

    for (String timestamp : List.of("yesterday", "2026-11-29T10:15:30", "2026-13-29T10:15:30Z")) {
      gateway
          .givenBadRequest()
          .body(timestamp(topic, timestamp))
          .post(path + "/positions")
          .then()
          .statusCode(422)
          .body("error_code", equalTo(422))
          .body("message", containsString(timestamp));
    }
  }
}
