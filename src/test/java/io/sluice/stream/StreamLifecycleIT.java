package io.sluice.stream;

import static io.sluice.stream.StreamIT.produce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.support.EventStream;
import io.sluice.support.Names;
import io.sluice.support.TestGateway;
import io.sluice.support.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** How streams begin and end: keep-alives, errors, expiry, shutdown and slow readers. */
class StreamLifecycleIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void anIdleSseStreamSendsKeepAliveComments() {
    try (TestGateway gateway = TestGateway.start(Map.of("consumer.stream.keepalive.ms", "300"))) {
      String topic = TestKafka.createTopic("keepalive", 1);
      String path = StreamIT.instance(gateway, Names.unique("group"), "");
      gateway.subscribe(path, topic);

      try (EventStream stream =
          EventStream.open(gateway.baseUri() + path + "/records", EventStream.SSE, null)) {
        await().atMost(WAIT).until(() -> stream.comments() >= 3);
        assertThat(stream.records()).isEmpty();
      }
    }
  }

  @Test
  void anUnrenderableRecordEndsTheSseStreamWithAnErrorEventAndStaysForTheNextRequest() {
    TestGateway gateway = TestGateway.shared();
    String topic = TestKafka.createTopic("bad-stream", 1);
    produce(topic, 3);
    TestKafka.produce(
        List.of(new ProducerRecord<>(topic, 0, null, "{oops".getBytes(StandardCharsets.UTF_8))));
    String path = StreamIT.instance(gateway, Names.unique("group"), "");
    gateway.subscribe(path, topic);

    try (EventStream stream =
        EventStream.open(gateway.baseUri() + path + "/records", EventStream.SSE, null)) {
      await().atMost(WAIT).until(stream::ended);

      assertThat(stream.failure()).isNull();
      assertThat(StreamIT.numbers(stream.records())).isEqualTo(List.of(0, 1, 2));
      EventStream.Event error = stream.events().get(stream.events().size() - 1);
      assertThat(error.type()).isEqualTo("error");
      assertThat(error.json()).containsEntry("error_code", 42207).containsEntry("offset", 3);
    }
    gateway
        .given()
        .accept("application/vnd.kafka.json.v2+json")
        .get(path + "/records?timeout=2000")
        .then()
        .statusCode(422);
  }

  @Test
  void anOpenStreamKeepsItsInstanceAliveAndItExpiresAfterTheStreamEnds() {
    TestGateway gateway = TestGateway.shared();
    String topic = TestKafka.createTopic("alive", 1);
    String path =
        StreamIT.instance(
            gateway, Names.unique("group"), ",\"consumer.instance.timeout.ms\":\"2000\"");
    gateway.subscribe(path, topic);

    try (EventStream stream =
        EventStream.open(gateway.baseUri() + path + "/records", EventStream.NDJSON, null)) {
      await()
          .during(Duration.ofSeconds(5))
          .atMost(Duration.ofSeconds(8))
          .until(() -> gateway.given().get(path).statusCode() == 200 && !stream.ended());
    }
    await().atMost(WAIT).until(() -> gateway.given().get(path).statusCode() == 404);
  }

  @Test
  void gracefulShutdownEndsOpenStreamsCleanly() {
    TestGateway gateway = TestGateway.start(Map.of());
    String topic = TestKafka.createTopic("shutdown-stream", 1);
    produce(topic, 5);
    String path = StreamIT.instance(gateway, Names.unique("group"), "");
    gateway.subscribe(path, topic);
    EventStream sse =
        EventStream.open(gateway.baseUri() + path + "/records", EventStream.SSE, null);
    await().atMost(WAIT).until(() -> sse.records().size() == 5);

    gateway.close();

    await().atMost(WAIT).until(sse::ended);
    assertThat(sse.failure()).isNull();
  }

  @Test
  void aReaderThatDoesNotReadLeavesRecordsInKafkaNotInTheGateway() throws Exception {
    TestGateway gateway = TestGateway.shared();
    String topic = TestKafka.createTopic("slow-reader", 1);
    byte[] value = ("\"" + "x".repeat(10_000) + "\"").getBytes(StandardCharsets.UTF_8);
    // 40 MB: far more than the socket buffers, the instance's buffer (16 MiB) and one chunk.
    for (int batch = 0; batch < 4; batch++) {
      TestKafka.produce(
          IntStream.range(0, 1000)
              .mapToObj(i -> new ProducerRecord<byte[], byte[]>(topic, 0, null, value))
              .toList());
    }
    String path = StreamIT.instance(gateway, Names.unique("group"), "");
    gateway.subscribe(path, topic);

    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", gateway.port())) {
      socket.setReceiveBufferSize(4096);
      socket
          .getOutputStream()
          .write(
              ("GET "
                      + path
                      + "/records HTTP/1.1\r\nHost: x\r\nAccept: application/x-ndjson\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      await().atMost(WAIT).until(() -> gateway.instance(path).pausedPartitions() == 1);

      // The buffer's bound (16 MiB), overshot by at most one poll; the rest stays in Kafka.
      assertThat(gateway.instance(path).bufferedBytes()).isLessThan(20_000_000L);
      await()
          .during(Duration.ofSeconds(2))
          .atMost(Duration.ofSeconds(5))
          .until(() -> gateway.instance(path).pausedPartitions() == 1);
    }
  }
}
