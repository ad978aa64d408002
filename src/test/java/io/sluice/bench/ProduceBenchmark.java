package io.sluice.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Records/s producing through {@code POST /topics/{topic}} against a native {@link KafkaProducer}
 * with the gateway producer's settings (idempotent, {@code acks=all}, everything else default), on
 * the same broker in the same run.
 *
 * <p>Each configuration is a batch size (records per request) and a number of concurrent clients.
 * An HTTP client sends one request of {@code batch} records and waits for its answer (which comes
 * once Kafka acknowledged every record) before sending the next, over one reused HTTP/1.1
 * connection. The native side does exactly that without HTTP: each of {@code clients} threads sends
 * {@code batch} records through one shared producer (the gateway shares one too) and waits for
 * every acknowledgement before the next batch. So both sides have the same records in flight and
 * the ratio is the cost of HTTP, JSON and base64. It sends as many records as the HTTP side managed
 * (give or take one batch per client). One more native row is the classic fire-and-forget use: one
 * thread sends every record without waiting, then flushes once.
 *
 * <p>Every measurement gets its own fresh 6-partition topic and stops after {@code records} records
 * or {@link #CAP}, whichever comes first. Values are 100 random bytes, no keys.
 */
final class ProduceBenchmark {
  static final Duration CAP = Duration.ofSeconds(5);
  private static final Duration WARM_UP = Duration.ofSeconds(3);
  private static final int[] BATCHES = {1, 100, 1000};
  private static final int[] CLIENTS = {1, 8};
  private static final int PARTITIONS = 6;
  private static final String BINARY = "application/vnd.kafka.binary.v2+json";
  private static final JsonFactory JSON = new JsonFactory();

  /**
   * One line of the table: records/s of each side; {@code records} the HTTP side sent (the native
   * side sent as many); {@code http} is NaN for the native-only reference.
   */
  record Row(String configuration, long records, double http, double nativeRate) {}

  /** Records sent (all acknowledged) and the seconds it took. */
  private record Measured(long records, double seconds) {
    double rate() {
      return records / seconds;
    }
  }

  /** What one client does per step: sends {@code batch} records and waits for all their acks. */
  private record Step(int batch, Sender sender) {}

  private interface Sender {
    void send(int client) throws Exception;
  }

  private final Broker broker;
  private final String base;
  private final long records;
  private final byte[] value = new byte[100];
  private final List<HttpClient> clients = new ArrayList<>();
  private int topics;

  ProduceBenchmark(Broker broker, String base, long records) {
    this.broker = broker;
    this.base = base;
    this.records = records;
    new Random(42).nextBytes(value);
    for (int i = 0; i < max(CLIENTS); i++) {
      clients.add(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
    }
  }

  /** Measures every configuration (printing each) and answers the rows of the table. */
  List<Row> run() throws Exception {
    List<Row> rows = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            Map.of(
                "bootstrap.servers",
                broker.bootstrap(),
                "acks",
                "all",
                "enable.idempotence",
                "true"),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      // JIT, connections and both producers' first metadata; not counted.
      measure("warm-up: HTTP", http(newTopic("http-warm-up"), 100), 8, Long.MAX_VALUE, WARM_UP);
      measure(
          "warm-up: native",
          nativeBatches(producer, newTopic("native-warm-up"), 100),
          8,
          Long.MAX_VALUE,
          WARM_UP);
      for (int batch : BATCHES) {
        for (int clientCount : CLIENTS) {
          String name =
              String.format(
                  "batch %,d, %d client%s", batch, clientCount, clientCount > 1 ? "s" : "");
          Measured http =
              measure(
                  "produce HTTP, " + name,
                  http(newTopic("http"), batch),
                  clientCount,
                  records,
                  CAP);
          Measured kafka =
              measure(
                  "produce native, " + name,
                  nativeBatches(producer, newTopic("native"), batch),
                  clientCount,
                  http.records(),
                  CAP);
          rows.add(new Row(name, http.records(), http.rate(), kafka.rate()));
        }
      }
      Measured async = fireAndForget(producer, newTopic("native-async"));
      rows.add(new Row("native async (send all, then flush)", records, Double.NaN, async.rate()));
    }
    return rows;
  }

  /**
   * Runs {@code step} on {@code clientCount} threads at once until together they sent {@code
   * target} records or {@code cap} passed; each thread first sends one uncounted batch so the
   * topic's metadata is known.
   */
  private Measured measure(String what, Step step, int clientCount, long target, Duration cap)
      throws Exception {
    int batch = step.batch();
    ExecutorService threads = Executors.newFixedThreadPool(clientCount);
    try {
      CountDownLatch ready = new CountDownLatch(clientCount);
      CountDownLatch go = new CountDownLatch(1);
      AtomicLong sent = new AtomicLong();
      long[] window = new long[2];
      List<Future<?>> running = new ArrayList<>();
      for (int c = 0; c < clientCount; c++) {
        int client = c;
        running.add(
            threads.submit(
                () -> {
                  try {
                    step.sender().send(client);
                  } finally {
                    ready.countDown();
                  }
                  go.await();
                  long deadline = window[0] + cap.toNanos();
                  while (sent.get() < target && System.nanoTime() - deadline < 0) {
                    step.sender().send(client);
                    sent.addAndGet(batch);
                  }
                  return null;
                }));
      }
      ready.await();
      window[0] = System.nanoTime();
      go.countDown();
      for (Future<?> thread : running) {
        thread.get();
      }
      window[1] = System.nanoTime();
      Measured measured = new Measured(sent.get(), (window[1] - window[0]) / 1e9);
      report(what, measured);
      return measured;
    } finally {
      threads.shutdownNow();
    }
  }

  /** One {@code POST /topics/{topic}} of {@code batch} records per step, checked for errors. */
  private Step http(String topic, int batch) {
    StringBuilder body = new StringBuilder("{\"records\":[");
    String encoded = Base64.getEncoder().encodeToString(value);
    for (int i = 0; i < batch; i++) {
      body.append(i == 0 ? "" : ",").append("{\"value\":\"").append(encoded).append("\"}");
    }
    byte[] bytes = body.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + "/topics/" + topic))
            .header("Content-Type", BINARY)
            .header("Accept", "application/vnd.kafka.v2+json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
            .build();
    return new Step(
        batch,
        client -> {
          HttpResponse<byte[]> response =
              clients.get(client).send(request, HttpResponse.BodyHandlers.ofByteArray());
          if (response.statusCode() != 200 || stored(response.body()) != batch) {
            throw new IllegalStateException(
                "POST /topics/"
                    + topic
                    + " answered "
                    + response.statusCode()
                    + ": "
                    + text(response));
          }
        });
  }

  /** How many offsets the answer holds; -1 when any record has an error. */
  private static int stored(byte[] answer) throws IOException {
    int offsets = 0;
    try (JsonParser parser = JSON.createParser(answer)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token == JsonToken.FIELD_NAME) {
          switch (parser.currentName()) {
            case "error_code" -> {
              return -1;
            }
            case "offset" -> offsets++;
            default -> {}
          }
        }
      }
    }
    return offsets;
  }

  private static String text(HttpResponse<byte[]> response) {
    String body = new String(response.body(), StandardCharsets.UTF_8);
    return body.length() > 500 ? body.substring(0, 500) + "…" : body;
  }

  /** {@code batch} sends through the shared producer per step, then waits for every ack. */
  private Step nativeBatches(KafkaProducer<byte[], byte[]> producer, String topic, int batch) {
    return new Step(
        batch,
        client -> {
          CountDownLatch acked = new CountDownLatch(batch);
          AtomicReference<Exception> failed = new AtomicReference<>();
          for (int i = 0; i < batch; i++) {
            producer.send(
                new ProducerRecord<>(topic, value),
                (metadata, error) -> {
                  if (error != null) {
                    failed.set(error);
                  }
                  acked.countDown();
                });
          }
          acked.await();
          if (failed.get() != null) {
            throw failed.get();
          }
        });
  }

  /** {@code records} sends without waiting, then one flush; the producer's own pace. */
  private Measured fireAndForget(KafkaProducer<byte[], byte[]> producer, String topic)
      throws Exception {
    producer.send(new ProducerRecord<>(topic, value)).get();
    AtomicReference<Exception> failed = new AtomicReference<>();
    long start = System.nanoTime();
    for (long i = 0; i < records; i++) {
      producer.send(
          new ProducerRecord<>(topic, value),
          (metadata, error) -> {
            if (error != null) {
              failed.set(error);
            }
          });
    }
    producer.flush();
    Measured measured = new Measured(records, (System.nanoTime() - start) / 1e9);
    if (failed.get() != null) {
      throw failed.get();
    }
    report("produce native, async, 1 thread", measured);
    return measured;
  }

  /** A fresh topic whose every partition is already served by its leader. */
  private String newTopic(String side) throws InterruptedException, ExecutionException {
    String topic = "bench-produce-" + side + "-" + ++topics;
    broker.createTopic(topic, PARTITIONS);
    return topic;
  }

  private static void report(String what, Measured measured) {
    System.out.printf(
        "%-45s %,10d records in %6.2f s = %,10.0f records/s%n",
        what, measured.records(), measured.seconds(), measured.rate());
  }

  private static int max(int[] values) {
    int max = 0;
    for (int v : values) {
      max = Math.max(max, v);
    }
    return max;
  }
}
