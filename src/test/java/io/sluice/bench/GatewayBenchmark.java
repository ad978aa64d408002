package io.sluice.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.sluice.Gateway;
import io.sluice.config.ConfigLoader;
import io.sluice.embedded.EmbeddedKafka;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;

/**
 * Measures, on one broker in one run: records/s through {@code GET …/records} against a native
 * {@link KafkaConsumer}, produce-to-client latency of a long-polling client, records/s through
 * {@code POST /topics/{topic}} against a native {@link KafkaProducer} ({@link ProduceBenchmark}),
 * and the heap and threads of idle instances. Not a test: run it with {@code bench/run.sh} and read
 * the numbers. Arguments: {@code [records=500000] [idle-instances=1000] [produce-records=500000]};
 * 0 skips that part (records: the consume throughput and latency).
 */
public final class GatewayBenchmark {
  private static final String BINARY = "application/vnd.kafka.binary.v2+json";
  private static final String V2 = "application/vnd.kafka.v2+json";
  private static final JsonFactory JSON = new JsonFactory();

  private final HttpClient http = HttpClient.newHttpClient();
  private final String bootstrap;
  private final String base;

  private GatewayBenchmark(String bootstrap, String base) {
    this.bootstrap = bootstrap;
    this.base = base;
  }

  public static void main(String[] args) throws Exception {
    int records = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
    int idle = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    long produce = args.length > 2 ? Long.parseLong(args[2]) : 500_000;
    try (EmbeddedKafka kafka = EmbeddedKafka.start(0, Files.createTempDirectory("sluice-bench-"));
        Gateway gateway =
            Gateway.start(
                ConfigLoader.resolve(
                    Map.of(
                        "http.host",
                        "127.0.0.1",
                        "http.port",
                        "0",
                        "kafka.bootstrap.servers",
                        kafka.bootstrapServers(),
                        "consumer.max.instances",
                        Integer.toString(idle + 10))))) {
      GatewayBenchmark bench =
          new GatewayBenchmark(kafka.bootstrapServers(), "http://127.0.0.1:" + gateway.port());
      if (records > 0) {
        bench.throughput(records);
        bench.latency(200);
      }
      // Before the idle instances, whose consumers would keep polling while producing is measured.
      if (produce > 0) {
        new ProduceBenchmark(kafka.bootstrapServers(), bench.base, produce).run();
      }
      if (idle > 0) {
        bench.idleInstances(idle);
      }
    }
  }

  private void throughput(int count) throws Exception {
    String topic = "bench-throughput";
    createTopic(topic, 6);
    long producing = System.nanoTime();
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            Map.of(
                "bootstrap.servers", bootstrap, "linger.ms", 20, "batch.size", 262144, "acks", "1"),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      byte[] value = new byte[100];
      for (int i = 0; i < count; i++) {
        producer.send(new ProducerRecord<>(topic, value));
      }
    }
    report("produce", count, producing);

    for (int round = 1; round <= 2; round++) {
      long nativeStart = System.nanoTime();
      try (KafkaConsumer<byte[], byte[]> consumer =
          new KafkaConsumer<>(
              Map.of(
                  "bootstrap.servers",
                  bootstrap,
                  "group.id",
                  "bench-native-" + round,
                  "auto.offset.reset",
                  "earliest"),
              new ByteArrayDeserializer(),
              new ByteArrayDeserializer())) {
        consumer.subscribe(List.of(topic));
        int seen = 0;
        while (seen < count) {
          ConsumerRecords<byte[], byte[]> polled = consumer.poll(Duration.ofSeconds(1));
          seen += polled.count();
        }
      }
      report("native KafkaConsumer, round " + round, count, nativeStart);

      long gatewayStart = System.nanoTime();
      String path = create("bench-gateway-" + round, "{\"auto.offset.reset\":\"earliest\"}");
      subscribe(path, topic);
      int seen = 0;
      while (seen < count) {
        seen += fetchCount(path, "?timeout=1000&max_bytes=8388608");
      }
      report("gateway GET records (binary), round " + round, count, gatewayStart);
      delete(path);
    }
  }

  private void latency(int samples) throws Exception {
    String topic = "bench-latency";
    createTopic(topic, 1);
    String path = create("bench-latency", "{}");
    subscribe(path, topic);
    List<Long> micros = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", bootstrap, "linger.ms", 0),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      // The subscription starts at the end: wait until the instance owns its partition.
      awaitMembers(List.of("bench-latency"), 1);
      for (int i = 0; i < samples; i++) {
        long sent = System.nanoTime();
        producer.send(new ProducerRecord<>(topic, new byte[100]));
        int got = 0;
        while (got == 0) {
          got = fetchCount(path, "?timeout=5000");
        }
        micros.add((System.nanoTime() - sent) / 1000);
      }
    }
    Collections.sort(micros);
    System.out.printf(
        "produce-to-client latency over %d records: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms%n",
        samples,
        micros.get(samples / 2) / 1000.0,
        micros.get(samples * 9 / 10) / 1000.0,
        micros.get(samples * 99 / 100) / 1000.0);
    delete(path);
  }

  private void idleInstances(int count) throws Exception {
    String topic = "bench-idle";
    createTopic(topic, 1);
    long heapBefore = heapAfterGc();
    int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      String path = create("bench-idle-" + (i % 100), "{}");
      subscribe(path, topic);
    }
    long createMillis = Duration.ofNanos(System.nanoTime() - start).toMillis();
    List<String> groups = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      groups.add("bench-idle-" + i);
    }
    awaitMembers(groups, count);
    long joinedMillis = Duration.ofNanos(System.nanoTime() - start).toMillis();
    long heapAfter = heapAfterGc();
    int threadsAfter = ManagementFactory.getThreadMXBean().getThreadCount();
    System.out.printf(
        "%d idle subscribed instances: created in %d ms, all members with partitions after %d ms;"
            + " heap +%.1f MB (%.1f KB each); threads +%d%n",
        count,
        createMillis,
        joinedMillis,
        (heapAfter - heapBefore) / 1e6,
        (heapAfter - heapBefore) / 1e3 / count,
        threadsAfter - threadsBefore);
  }

  /** Waits until the groups hold {@code members} members in all. */
  private void awaitMembers(List<String> groups, int members) {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      Awaitility.await()
          .atMost(Duration.ofMinutes(5))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  admin.describeConsumerGroups(groups).all().get().values().stream()
                          .mapToLong(g -> g.members().size())
                          .sum()
                      == members);
    }
  }

  private static long heapAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private void createTopic(String topic, int partitions)
      throws InterruptedException, ExecutionException {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
    }
  }

  private String create(String group, String body) throws IOException, InterruptedException {
    String answer = send("POST", "/consumers/" + group, body).body();
    String marker = "\"base_uri\":\"";
    String uri = answer.substring(answer.indexOf(marker) + marker.length());
    uri = uri.substring(0, uri.indexOf('"'));
    return uri.substring(base.length());
  }

  private void subscribe(String path, String topic) throws IOException, InterruptedException {
    send("POST", path + "/subscription", "{\"topics\":[\"" + topic + "\"]}");
  }

  private void delete(String path) throws IOException, InterruptedException {
    send("DELETE", path, null);
  }

  private HttpResponse<String> send(String method, String path, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", V2);
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw new IllegalStateException(method + " " + path + " answered " + response.body());
    }
    return response;
  }

  /** Streams one records answer and counts its records without keeping them. */
  private int fetchCount(String path, String query) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + path + "/records" + query))
            .header("Accept", BINARY)
            .build();
    HttpResponse<InputStream> response =
        http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    int records = 0;
    try (JsonParser parser = JSON.createParser(response.body())) {
      parser.nextToken();
      while (parser.nextToken() == JsonToken.START_OBJECT) {
        parser.skipChildren();
        records++;
      }
    }
    return records;
  }

  private static void report(String what, int count, long startNanos) {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    System.out.printf(
        "%-45s %,10d records in %6.2f s = %,10.0f records/s%n",
        what, count, seconds, count / seconds);
  }
}
