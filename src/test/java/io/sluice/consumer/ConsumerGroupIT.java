package io.sluice.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.support.Names;
import io.sluice.support.TestGateway;
import io.sluice.support.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Group semantics through the gateway: partitions shared out, commits, resumption, expiry. */
class ConsumerGroupIT {
  private static final String BINARY = "application/vnd.kafka.binary.v2+json";
  private static final String TEXT = "application/vnd.kafka.text.v2+json";
  private static final TestGateway gateway = TestGateway.shared();

  private static List<ProducerRecord<byte[], byte[]>> numbered(String topic, int count) {
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      records.add(
          new ProducerRecord<>(
              topic,
              ("k" + i).getBytes(StandardCharsets.UTF_8),
              ("v" + i).getBytes(StandardCharsets.UTF_8)));
    }
    return records;
  }

  @Test
  void twoInstancesShareThePartitionsAndReceiveEveryRecordExactlyOnce() {
    String topic = TestKafka.createTopic("shared", 4);
    String group = Names.unique("group");
    String body = "{\"format\":\"text\",\"auto.offset.reset\":\"earliest\"}";
    String first = gateway.createInstance(group, body);
    String second = gateway.createInstance(group, body);
    gateway.subscribe(first, topic);
    gateway.subscribe(second, topic);
    await().atMost(Duration.ofSeconds(30)).until(() -> TestKafka.settled(group, 2));
    TestKafka.produce(numbered(topic, 200));

    List<Map<String, Object>> fromFirst = new ArrayList<>();
    List<Map<String, Object>> fromSecond = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              fromFirst.addAll(gateway.fetch(first, TEXT, "?timeout=300"));
              fromSecond.addAll(gateway.fetch(second, TEXT, "?timeout=300"));
              return fromFirst.size() + fromSecond.size() >= 200;
            });

    Set<Object> partitionsOfFirst = partitions(fromFirst);
    Set<Object> partitionsOfSecond = partitions(fromSecond);
    assertThat(partitionsOfFirst).isNotEmpty().doesNotContainAnyElementsOf(partitionsOfSecond);
    assertThat(partitionsOfSecond).isNotEmpty();
    List<Object> values = new ArrayList<>();
    fromFirst.forEach(r -> values.add(r.get("value")));
    fromSecond.forEach(r -> values.add(r.get("value")));
    assertThat(values)
        .hasSize(200)
        .containsExactlyInAnyOrderElementsOf(
            numbered(topic, 200).stream()
                .map(r -> (Object) new String(r.value(), StandardCharsets.UTF_8))
                .toList());
  }

  private static Set<Object> partitions(List<Map<String, Object>> records) {
    Set<Object> partitions = new HashSet<>();
    records.forEach(r -> partitions.add(r.get("partition")));
    return partitions;
  }

  @Test
  void commitWithoutBodyCommitsOnlyDeliveredOffsets() {
    String topic = TestKafka.createTopic("delivered", 1);
    String group = Names.unique("group");
    TestKafka.produce(numbered(topic, 50));
    String path =
        gateway.createInstance(
            group,
            "{\"format\":\"text\",\"auto.offset.reset\":\"earliest\",\"auto.commit.enable\":\"false\"}");
    gateway.subscribe(path, topic);
    // Each record is 2-3 bytes of key and value: max_bytes=20 returns a handful, not all 50.
    List<Map<String, Object>> received =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> gateway.fetch(path, TEXT, "?timeout=500&max_bytes=20"), r -> !r.isEmpty());
    int lastOffset = (Integer) received.get(received.size() - 1).get("offset");
    assertThat(received.size()).isLessThan(50);

    gateway
        .given()
        .post(path + "/offsets")
        .then()
        .statusCode(200)
        .body("[0].topic", org.hamcrest.Matchers.equalTo(topic))
        .body("[0].consumed", org.hamcrest.Matchers.equalTo(lastOffset))
        .body("[0].committed", org.hamcrest.Matchers.equalTo(lastOffset + 1));

    assertThat(TestKafka.committedOffsets(group))
        .isEqualTo(Map.of(new TopicPartition(topic, 0), (long) lastOffset + 1));
    gateway.given().delete(path).then().statusCode(204);
    String next = gateway.createInstance(group, "{\"format\":\"text\"}");
    gateway.subscribe(next, topic);
    List<Map<String, Object>> resumed = gateway.fetchAll(next, TEXT, 1);
    assertThat(resumed.get(0)).containsEntry("offset", lastOffset + 1);
  }

  @Test
  void commitWithBodyCommitsTheNextOffsetAndOffsetsCanBeReadBack() {
    String topic = TestKafka.createTopic("explicit", 2);
    String group = Names.unique("group");
    TestKafka.produce(numbered(topic, 10));
    String path =
        gateway.createInstance(
            group, "{\"auto.offset.reset\":\"earliest\",\"auto.commit.enable\":\"false\"}");
    gateway.subscribe(path, topic);
    gateway.fetchAll(path, BINARY, 10);

    gateway
        .given()
        .body(
            "{\"offsets\":[{\"topic\":\""
                + topic
                + "\",\"partition\":1,\"offset\":2,\"metadata\":\"checkpoint\"}]}")
        .post(path + "/offsets")
        .then()
        .statusCode(200)
        .body("[0].committed", org.hamcrest.Matchers.equalTo(3));

    gateway
        .given()
        .body("{\"partitions\":[{\"topic\":\"" + topic + "\",\"partition\":1}]}")
        .get(path + "/offsets")
        .then()
        .statusCode(200)
        .body("offsets[0].offset", org.hamcrest.Matchers.equalTo(3))
        .body("offsets[0].metadata", org.hamcrest.Matchers.equalTo("checkpoint"));
    gateway
        .given()
        .get(path + "/offsets?topic=" + topic + "&partition=1&topic=" + topic + "&partition=0")
        .then()
        .statusCode(200)
        .body("offsets.size()", org.hamcrest.Matchers.equalTo(1))
        .body("offsets[0].partition", org.hamcrest.Matchers.equalTo(1))
        .body("offsets[0].offset", org.hamcrest.Matchers.equalTo(3));
  }

  @Test
  void commitForAPartitionNotAssignedIs40904() {
    String topic = TestKafka.createTopic("notmine", 1);
    String path = gateway.createInstance(Names.unique("group"), "{}");
    gateway.subscribe(path, topic);

    gateway
        .given()
        .body("{\"offsets\":[{\"topic\":\"" + topic + "\",\"partition\":5,\"offset\":1}]}")
        .post(path + "/offsets")
        .then()
        .statusCode(409)
        .body("error_code", org.hamcrest.Matchers.equalTo(40904));
  }

  @Test
  void autoCommitCommitsDeliveredOffsetsOnDelete() {
    String topic = TestKafka.createTopic("autocommit", 1);
    String group = Names.unique("group");
    TestKafka.produce(numbered(topic, 30));
    String path = gateway.createInstance(group, "{\"auto.offset.reset\":\"earliest\"}");
    gateway.subscribe(path, topic);
    List<Map<String, Object>> received =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> gateway.fetch(path, BINARY, "?timeout=500&max_bytes=25"), r -> !r.isEmpty());
    int next = (Integer) received.get(received.size() - 1).get("offset") + 1;

    gateway.given().delete(path).then().statusCode(204);

    assertThat(TestKafka.committedOffsets(group))
        .isEqualTo(Map.of(new TopicPartition(topic, 0), (long) next));
  }
}
