package io.sluice.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.support.Names;
import io.sluice.support.TestGateway;
import io.sluice.support.TestKafka;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** How a records answer travels: its exact length, and gzip only when switched on and asked. */
class AnswerEncodingIT {
  private static final String BINARY = "application/vnd.kafka.binary.v2+json";
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /**
   * A topic of {@code count} 200-byte records and an instance reading it from the beginning, once
   * it holds them all, so that one answer carries every record.
   */
  private static String instanceOverRecords(TestGateway gateway, int count) {
    String topic = TestKafka.createTopic("encoding", 1);
    TestKafka.produce(
        IntStream.range(0, count)
            .mapToObj(
                i ->
                    new ProducerRecord<byte[], byte[]>(
                        topic,
                        ("value-" + i + "-" + "x".repeat(190)).getBytes(StandardCharsets.UTF_8)))
            .toList());
    String path =
        gateway.createInstance(
            Names.unique("group"), "{\"format\":\"binary\",\"auto.offset.reset\":\"earliest\"}");
    gateway.subscribe(path, topic);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> gateway.instance(path).bufferedRecords() == count);
    return path;
  }

  /** Waits (long poll) for one non-empty answer, sent with these extra headers. */
  private HttpResponse<byte[]> fetch(TestGateway gateway, String path, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(gateway.baseUri() + path + "/records?timeout=10000"))
            .header("Accept", BINARY);
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static List<Long> offsets(byte[] json) throws IOException {
    JsonNode records = MAPPER.readTree(json);
    return IntStream.range(0, records.size())
        .mapToObj(i -> records.get(i).get("offset").asLong())
        .toList();
  }

  @Test
  void recordsAnswerCarriesItsExactLengthAndEveryRecord() throws Exception {
    TestGateway gateway = TestGateway.shared();
    String path = instanceOverRecords(gateway, 50);

    HttpResponse<byte[]> answer = fetch(gateway, path);

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.headers().firstValueAsLong("Content-Length")).hasValue(answer.body().length);
    assertThat(offsets(answer.body()))
        .isEqualTo(IntStream.range(0, 50).mapToObj(i -> (long) i).toList());
  }

  @Test
  void anEmptyAnswerIsAnEmptyArrayOfLengthTwo() throws Exception {
    TestGateway gateway = TestGateway.shared();
    String topic = TestKafka.createTopic("encoding-empty", 1);
    String path = gateway.createInstance(Names.unique("group"), "{\"format\":\"binary\"}");
    gateway.subscribe(path, topic);

    HttpResponse<byte[]> answer =
        http.send(
            HttpRequest.newBuilder(URI.create(gateway.baseUri() + path + "/records?timeout=200"))
                .header("Accept", BINARY)
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());

    assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("[]");
    assertThat(answer.headers().firstValueAsLong("Content-Length")).hasValue(2);
  }

  @Test
  void gzipIsOffByDefaultEvenWhenTheClientAsks() throws Exception {
    TestGateway gateway = TestGateway.shared();
    String path = instanceOverRecords(gateway, 50);

    HttpResponse<byte[]> answer = fetch(gateway, path, "Accept-Encoding", "gzip");

    assertThat(answer.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(offsets(answer.body())).hasSize(50);
  }

  @Test
  void withCompressionOnAClientThatAsksGetsGzipAndOthersDoNot() throws Exception {
    try (TestGateway gateway = TestGateway.start(Map.of("http.compression", "true"))) {
      String asking = instanceOverRecords(gateway, 50);
      String plain = instanceOverRecords(gateway, 50);

      HttpResponse<byte[]> gzipped = fetch(gateway, asking, "Accept-Encoding", "gzip");
      HttpResponse<byte[]> unzipped = fetch(gateway, plain);

      assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
      byte[] body;
      try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped.body()))) {
        body = in.readAllBytes();
      }
      assertThat(gzipped.body().length).isLessThan(body.length);
      assertThat(offsets(body)).hasSize(50);
      assertThat(unzipped.headers().firstValue("Content-Encoding")).isEmpty();
      assertThat(offsets(unzipped.body())).hasSize(50);
    }
  }
}
