package io.sluice.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.sluice.support.Names;
import io.sluice.support.TestGateway;
import io.sluice.support.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A third member joins a group of two while records stream: what each member may hand out. */
class RebalanceIT {
  private static final String TEXT = "application/vnd.kafka.text.v2+json";
  private static final TestGateway gateway = TestGateway.shared();

  private record Fetch(long startedNanos, long answeredNanos, List<Map<String, Object>> records) {}

  private final AtomicBoolean streaming = new AtomicBoolean(true);
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void stop() throws InterruptedException {
    streaming.set(false);
    threads.shutdown();
    assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
  }

  private static String member(String group, String strategy) {
    String path =
        gateway.createInstance(
            group,
            "{\"format\":\"text\",\"auto.offset.reset\":\"earliest\",\"auto.commit.enable\":\"false\","
                + "\"partition.assignment.strategy\":\""
                + strategy
                + "\"}");
    return path;
  }

  private static Set<TopicPartition> assignment(String path) {
    List<Map<String, Object>> partitions =
        gateway
            .given()
            .get(path + "/assignments")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("partitions");
    Set<TopicPartition> result = new HashSet<>();
    partitions.forEach(
        p -> result.add(new TopicPartition((String) p.get("topic"), (Integer) p.get("partition"))));
    return result;
  }

  private void produceUntilStopped(String topic) {
    threads.submit(
        () -> {
          try (KafkaProducer<byte[], byte[]> producer = TestKafka.producer()) {
            for (int i = 0; streaming.get(); i++) {
              producer.send(
                  new ProducerRecord<>(
                      topic, i % 6, null, ("v" + i).getBytes(StandardCharsets.UTF_8)));
              if (i % 50 == 0) {
                producer.flush();
                Thread.onSpinWait();
              }
            }
          }
          return null;
        });
  }

  private List<Fetch> fetchUntilStopped(String path) {
    List<Fetch> fetches = new CopyOnWriteArrayList<>();
    threads.submit(
        () -> {
          while (streaming.get()) {
            long started = System.nanoTime();
            List<Map<String, Object>> records =
                gateway.fetch(path, TEXT, "?timeout=200&max_records=50");
            fetches.add(new Fetch(started, System.nanoTime(), records));
          }
          return null;
        });
    return fetches;
  }

  private static Set<TopicPartition> awaitTotalAssignment(List<String> paths, int partitions) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              Set<TopicPartition> all = new HashSet<>();
              int count = 0;
              for (String path : paths) {
                Set<TopicPartition> held = assignment(path);
                if (held.isEmpty()) {
                  return Set.<TopicPartition>of();
                }
                all.addAll(held);
                count += held.size();
              }
              return count == partitions ? all : Set.<TopicPartition>of();
            },
            all -> all.size() == partitions);
  }

  @Test
  void cooperativeMembersKeepWhatTheyAreNotAskedToGiveUpWhenAThirdJoins() {
    String topic = TestKafka.createTopic("cooperative", 6);
    String group = Names.unique("group");
    String first = member(group, "cooperative-sticky");
    String second = member(group, "cooperative-sticky");
    gateway.subscribe(first, topic);
    gateway.subscribe(second, topic);
    awaitTotalAssignment(List.of(first, second), 6);
    Map<String, Set<TopicPartition>> before =
        Map.of(first, assignment(first), second, assignment(second));
    Map<String, Integer> revokedBefore =
        Map.of(
            first, gateway.instance(first).rebalances().revoked().size(),
            second, gateway.instance(second).rebalances().revoked().size());
    produceUntilStopped(topic);
    List<Fetch> fromFirst = fetchUntilStopped(first);
    fetchUntilStopped(second);

    String third = member(group, "cooperative-sticky");
    gateway.subscribe(third, topic);
    awaitTotalAssignment(List.of(first, second, third), 6);
    streaming.set(false);

    for (String path : List.of(first, second)) {
      Set<TopicPartition> kept = assignment(path);
      Set<TopicPartition> givenUp = new HashSet<>(before.get(path));
      givenUp.removeAll(kept);
      List<TopicPartition> revoked = gateway.instance(path).rebalances().revoked();
      assertThat(before.get(path)).containsAll(kept);
      System.out.printf(
          "RebalanceIT: cooperative member held %d partitions, gave up %d, kept %d; revoked %s%n",
          before.get(path).size(), givenUp.size(), kept.size(), givenUp);
      assertThat(new HashSet<>(revoked.subList(0, revoked.size() - revokedBefore.get(path))))
          .isEqualTo(givenUp)
          .doesNotContainAnyElementsOf(kept);
    }
    // What the first member kept streamed on without a restart: no offset of it came twice.
    Map<Integer, List<Integer>> offsets = new HashMap<>();
    Set<TopicPartition> keptByFirst = assignment(first);
    fromFirst.forEach(
        f ->
            f.records()
                .forEach(
                    r -> {
                      TopicPartition partition =
                          new TopicPartition(topic, (Integer) r.get("partition"));
                      if (keptByFirst.contains(partition)) {
                        offsets
                            .computeIfAbsent(partition.partition(), p -> new ArrayList<>())
                            .add((Integer) r.get("offset"));
                      }
                    }));
    assertThat(offsets).isNotEmpty();
    offsets.values().forEach(list -> assertThat(list).doesNotHaveDuplicates().isSorted());
  }

  @Test
  void noRecordOfARevokedPartitionIsHandedOutAfterTheRevocation() {
    String topic = TestKafka.createTopic("revoked", 6);
    String group = Names.unique("group");
    String first = member(group, "range");
    String second = member(group, "range");
    gateway.subscribe(first, topic);
    gateway.subscribe(second, topic);
    awaitTotalAssignment(List.of(first, second), 6);
    Set<TopicPartition> firstBefore = assignment(first);
    produceUntilStopped(topic);
    Map<String, List<Fetch>> fetches =
        Map.of(first, fetchUntilStopped(first), second, fetchUntilStopped(second));

    String third = member(group, "range");
    gateway.subscribe(third, topic);
    awaitTotalAssignment(List.of(first, second, third), 6);
    List<Fetch> fromThird = fetchUntilStopped(third);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> fromThird.stream().anyMatch(f -> !f.records().isEmpty()));
    streaming.set(false);

    int checked = 0;
    for (Map.Entry<String, List<Fetch>> entry : fetches.entrySet()) {
      List<Rebalances.Event> events = gateway.instance(entry.getKey()).rebalances().events();
      for (Fetch fetch : entry.getValue()) {
        for (Map<String, Object> record : fetch.records()) {
          TopicPartition partition = new TopicPartition(topic, (Integer) record.get("partition"));
          assertThat(heldDuring(events, partition, fetch))
              .as(
                  "%s handed out %s offset %s after it was revoked",
                  entry.getKey(), partition, record.get("offset"))
              .isTrue();
          checked++;
        }
      }
    }
    assertThat(checked).isPositive();
    Set<TopicPartition> lost = new HashSet<>(firstBefore);
    lost.removeAll(assignment(first));
    assertThat(lost).isNotEmpty();
    TopicPartition moved = lost.iterator().next();
    gateway
        .given()
        .body(
            "{\"offsets\":[{\"topic\":\""
                + topic
                + "\",\"partition\":"
                + moved.partition()
                + ",\"offset\":0}]}")
        .post(first + "/offsets")
        .then()
        .statusCode(409)
        .body("error_code", equalTo(40904));
  }

  /**
   * Whether the instance held {@code partition} at some moment while the fetch was open: at its
   * start (the latest listener call about it before then assigned it), or assigned again meanwhile
   * (a fetch waiting through a rebalance gets the records polled after it).
   */
  private static boolean heldDuring(
      List<Rebalances.Event> newestFirst, TopicPartition partition, Fetch fetch) {
    for (Rebalances.Event event : newestFirst) {
      if (!event.partitions().contains(partition)) {
        continue;
      }
      boolean beforeStart = event.nanoTime() - fetch.startedNanos() < 0;
      boolean beforeAnswer = event.nanoTime() - fetch.answeredNanos() < 0;
      if (event.kind() == Rebalances.Kind.ASSIGNED && beforeAnswer) {
        return true;
      }
      if (beforeStart) {
        return false;
      }
    }
    return false;
  }
}
