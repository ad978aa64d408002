package io.sluice.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.support.LeavingClient;
import io.sluice.support.Names;
import io.sluice.support.TestGateway;
import io.sluice.support.TestKafka;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Answers a client never read: a long poll it gave up on gets no records, and auto-commit covers
 * only answers the client acknowledged with a later request.
 */
class UnreadAnswersIT {
  private static final String TEXT = "application/vnd.kafka.text.v2+json";
  private static final TestGateway gateway = TestGateway.shared();

  /** Sends a long poll on a raw connection, as a client with a short timeout would. */
  private static Socket longPoll(String path) throws IOException {
    return rawGet(path + "/records?timeout=15000");
  }

  /** A GET on a raw connection whose answer nobody reads. */
  private static Socket rawGet(String pathAndQuery) throws IOException {
    return LeavingClient.send(URI.create(gateway.baseUri()), pathAndQuery, TEXT);
  }

  private static List<ProducerRecord<byte[], byte[]>> records(String topic, int count) {
    return IntStream.range(0, count)
        .mapToObj(
            i ->
                new ProducerRecord<byte[], byte[]>(
                    topic, 0, null, ("v" + i).getBytes(StandardCharsets.UTF_8)))
        .toList();
  }

  @Test
  void recordsArrivingAfterTheClientGaveUpGoToItsNextFetchAndCommit() throws IOException {
    String topic = TestKafka.createTopic("abandoned", 1);
    String group = Names.unique("group");
    String path =
        gateway.createInstance(
            group,
            "{\"format\":\"text\",\"auto.offset.reset\":\"earliest\",\"auto.commit.enable\":\"false\"}");
    gateway.subscribe(path, topic);
    await().atMost(Duration.ofSeconds(30)).until(() -> TestKafka.settled(group, 1));
    Socket abandoned = longPoll(path);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> gateway.instance(path).waitingFetches() == 1);

    abandoned.close();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> gateway.instance(path).waitingFetches() == 0);
    TestKafka.produce(records(topic, 10));

    List<Map<String, Object>> received = gateway.fetchAll(path, TEXT, 10);
    assertThat(received)
        .extracting(r -> r.get("offset"))
        .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    gateway.given().post(path + "/offsets").then().statusCode(200);
    assertThat(TestKafka.committedOffsets(group))
        .isEqualTo(Map.of(new TopicPartition(topic, 0), 10L));
  }

  @Test
  void aClientGoneWhenItsRecordsArriveHandsThemToTheNextFetch() throws IOException {
    String topic = TestKafka.createTopic("gone", 1);
    String group = Names.unique("group");
    String path =
        gateway.createInstance(
            group,
            "{\"format\":\"text\",\"auto.offset.reset\":\"earliest\",\"auto.commit.enable\":\"false\"}");
    gateway.subscribe(path, topic);
    await().atMost(Duration.ofSeconds(30)).until(() -> TestKafka.settled(group, 1));
    Socket abandoned = longPoll(path);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> gateway.instance(path).waitingFetches() == 1);

    // Gone and records at once: whichever notices first, the records must not count for it.
    abandoned.close();
    TestKafka.produce(records(topic, 10));

    List<Map<String, Object>> received = gateway.fetchAll(path, TEXT, 10);
    assertThat(received)
        .extracting(r -> r.get("offset"))
        .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
  }

  @Test
  void autoCommitOnExpiryLeavesOutTheAnswerTheClientNeverAcknowledged() throws IOException {
    String topic = TestKafka.createTopic("vanished", 1);
    String group = Names.unique("group");
    TestKafka.produce(records(topic, 20));
    String path =
        gateway.createInstance(
            group,
            "{\"format\":\"text\",\"auto.offset.reset\":\"earliest\",\"consumer.instance.timeout.ms\":\"3000\"}");
    gateway.subscribe(path, topic);
    List<Map<String, Object>> read =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> gateway.fetch(path, TEXT, "?timeout=1000&max_records=5"), r -> !r.isEmpty());

    Socket vanished = rawGet(path + "/records?timeout=1000&max_records=5");
    await().atMost(Duration.ofSeconds(30)).until(() -> TestKafka.members(group).isEmpty());
    vanished.close();

    int next = (Integer) read.get(read.size() - 1).get("offset") + 1;
    assertThat(TestKafka.committedOffsets(group))
        .isEqualTo(Map.of(new TopicPartition(topic, 0), (long) next));
  }
}
