package io.sluice.bench;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The round trips of an instance's life: from {@code POST /consumers/{group}} to the first record
 * (create, subscribe, {@code GET …/records} until an answer holds a record, on a topic that already
 * holds records, each sample a fresh group), and committing ({@code POST …/offsets} with an
 * explicit offsets body and without a body).
 */
final class LifecycleBenchmark {
  private static final String TOPIC = "bench-lifecycle";
  private static final String BINARY = "application/vnd.kafka.binary.v2+json";
  private static final String EARLIEST =
      "{\"format\":\"binary\",\"auto.offset.reset\":\"earliest\"}";
  private static final int STARTS = 20;
  private static final int COMMITS = 200;

  private final Broker broker;
  private final String base;
  private final Results results;
  private boolean filled;
  private int groups;

  LifecycleBenchmark(Broker broker, String base, Results results) {
    this.broker = broker;
    this.base = base;
    this.results = results;
  }

  void startup() throws Exception {
    fill();
    GatewayClient client = new GatewayClient(base);
    firstRecord(client); // warm-up, not counted
    List<Double> millis = new ArrayList<>();
    for (int i = 0; i < STARTS; i++) {
      millis.add(firstRecord(client));
    }
    Summary summary = Summary.ofRuns(millis);
    System.out.printf(
        "create-to-first-record over %d instances: median %.0f ms, min %.0f ms, max %.0f ms%n",
        STARTS, summary.median(), summary.min(), summary.max());
    results.add(Figure.of("startup", "create, subscribe, first GET with a record", "ms", summary));
  }

  void commit() throws Exception {
    fill();
    GatewayClient client = new GatewayClient(base);
    String instance = client.create("bench-commit", EARLIEST);
    client.subscribe(instance, TOPIC);
    long[] delivered = {-1};
    while (delivered[0] < 0) {
      client.fetch(
          instance,
          "max_bytes=1024",
          BINARY,
          (partition, offset, timestamp) -> delivered[0] = Math.max(delivered[0], offset));
    }
    String offsets =
        "{\"offsets\":[{\"topic\":\"%s\",\"partition\":0,\"offset\":%d}]}"
            .formatted(TOPIC, delivered[0] + 1);
    List<Double> explicit = new ArrayList<>();
    List<Double> withoutBody = new ArrayList<>();
    for (int i = 0; i < COMMITS + 10; i++) {
      long start = System.nanoTime();
      client.commit(instance, offsets);
      long middle = System.nanoTime();
      client.commit(instance, null);
      long end = System.nanoTime();
      if (i >= 10) { // the first ten warm up
        explicit.add((middle - start) / 1e6);
        withoutBody.add((end - middle) / 1e6);
      }
    }
    client.delete(instance);
    add("commit with offsets body", Summary.ofSamples(explicit));
    add("commit without body (delivered offsets)", Summary.ofSamples(withoutBody));
  }

  private void add(String measure, Summary summary) {
    System.out.printf(
        "%s over %d commits: p50 %.2f ms, p99 %.2f ms%n",
        measure, summary.samples(), summary.median(), summary.p99());
    results.add(Figure.of("commit", measure, "ms", summary));
  }

  private double firstRecord(GatewayClient client) throws Exception {
    String group = "bench-startup-" + ++groups;
    long start = System.nanoTime();
    String instance = client.create(group, EARLIEST);
    client.subscribe(instance, TOPIC);
    while (client.fetch(instance, "max_bytes=1024", BINARY, (p, o, t) -> {}) == 0) {
      // an empty answer: the instance has not joined or fetched yet; ask again
    }
    double millis = (System.nanoTime() - start) / 1e6;
    client.delete(instance);
    return millis;
  }

  private void fill() throws Exception {
    if (filled) {
      return;
    }
    broker.createTopic(TOPIC, 1);
    try (KafkaProducer<byte[], byte[]> producer = broker.fastProducer()) {
      for (int i = 0; i < 1000; i++) {
        producer.send(new ProducerRecord<>(TOPIC, new byte[100]));
      }
    }
    filled = true;
  }
}
