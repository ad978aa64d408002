package io.sluice.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Produce-to-client latency: a native producer ({@code linger.ms=0}) sends 1,000 records/s of 100
 * bytes while one client long-polls {@code GET …/records?timeout=5000} in a loop. A record's
 * latency is the wall-clock time its client parsed it minus its CreateTime (both from this
 * machine's clock, in whole milliseconds, so each latency is exact to ±1 ms). The records of the
 * first {@link #WARM_UP} are not counted.
 */
final class LatencyBenchmark {
  private static final String TOPIC = "bench-latency";
  private static final Duration WARM_UP = Duration.ofSeconds(2);
  private static final int PER_SECOND = 1000;

  /** How many records a latency run sends: the warm-up's, then {@code duration}'s. */
  record Schedule(int warmUp, int total) {
    static Schedule of(Duration duration) {
      int warmUp = (int) (WARM_UP.toMillis() * PER_SECOND / 1000);
      return new Schedule(warmUp, warmUp + (int) (duration.toMillis() * PER_SECOND / 1000));
    }
  }

  private final Broker broker;
  private final String base;
  private final Duration duration;
  private final Results results;
  private final ExecutorService reader =
      Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "bench-latency-reader"));

  LatencyBenchmark(Broker broker, String base, Duration duration, Results results) {
    this.broker = broker;
    this.base = base;
    this.duration = duration;
    this.results = results;
  }

  void run() throws Exception {
    broker.createTopic(TOPIC, 1);
    GatewayClient client = new GatewayClient(base);
    String instance =
        client.create(
            "bench-latency", "{\"format\":\"binary\",\"auto.offset.reset\":\"earliest\"}");
    client.subscribe(instance, TOPIC);
    broker.awaitMembers(List.of("bench-latency"), 1, Duration.ofMinutes(1));

    Schedule schedule = Schedule.of(duration);
    List<Double> millis = new ArrayList<>();
    CompletableFuture<Void> reading =
        CompletableFuture.runAsync(
            () -> readUntil(client, instance, schedule.total(), schedule.warmUp(), millis), reader);
    produce(broker, TOPIC, schedule.total());
    reading.get();
    reader.shutdown();
    client.delete(instance);

    Summary latency = Summary.ofSamples(millis);
    System.out.printf(
        "produce-to-client latency over %,d records: p50 %.0f ms, p99 %.0f ms, max %.0f ms%n",
        latency.samples(), latency.median(), latency.p99(), latency.max());
    results.add(
        Figure.of("latency", "produce-to-client, 1,000 records/s, long poll", "ms", latency));
  }

  /**
   * Sends {@code total} records of 100 bytes to {@code topic} at {@link #PER_SECOND}, each at its
   * own scheduled instant, with a native producer ({@code linger.ms=0}); blocks until all were
   * acknowledged.
   */
  static void produce(Broker broker, String topic, int total) throws Exception {
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", broker.bootstrap(), "linger.ms", 0),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      byte[] value = new byte[100];
      long start = System.nanoTime();
      long interval = 1_000_000_000L / PER_SECOND;
      for (int i = 0; i < total; i++) {
        // The rate limiter: park until this record's instant; not waiting on a condition.
        long wait = start + i * interval - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        producer.send(new ProducerRecord<>(topic, value));
      }
      producer.flush();
    }
  }

  private static void readUntil(
      GatewayClient client, String instance, int total, int warmUp, List<Double> millis) {
    int[] received = {0};
    try {
      while (received[0] < total) {
        client.fetch(
            instance,
            "timeout=5000",
            "application/vnd.kafka.binary.v2+json",
            (partition, offset, timestamp) -> {
              long now = System.currentTimeMillis();
              if (++received[0] > warmUp) {
                millis.add((double) (now - timestamp));
              }
            });
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted reading for latency", e);
    } catch (IOException e) {
      throw new UncheckedIOException("Reading for latency failed", e);
    }
  }
}
