package io.sluice.consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.clients.consumer.Consumer;

/** The consumer layer's meters; thread-safe, shared by every instance. */
public final class ConsumerMetrics {
  private final MeterRegistry registry;

  /** Refreshes every consumer's Kafka metrics; null when they are switched off. */
  private final ScheduledExecutorService refresher;

  private final Counter recordsDelivered;
  private final Counter bytesDelivered;
  private final Counter rebalances;
  private final Counter pollErrors;
  private final Meter.MeterProvider<Counter> rejectedCreates;
  private final Timer fetchLatency;
  private final Timer commitLatency;

  public ConsumerMetrics(MeterRegistry registry, boolean kafkaClientMetrics) {
    this.registry = registry;
    this.refresher =
        kafkaClientMetrics
            ? Executors.newSingleThreadScheduledExecutor(
                ConsumerRegistry.daemon("sluice-kafka-metrics"))
            : null;
    this.recordsDelivered =
        Counter.builder("sluice.records.delivered")
            .description("Records written to HTTP clients")
            .register(registry);
    this.bytesDelivered =
        Counter.builder("sluice.bytes.delivered")
            .description("Key and value bytes of records written to HTTP clients")
            .baseUnit("bytes")
            .register(registry);
    this.rebalances =
        Counter.builder("sluice.rebalances")
            .description("Partition assignments and revocations seen by instances")
            .register(registry);
    this.pollErrors =
        Counter.builder("sluice.poll.errors")
            .description("Failures in poll loops (each is logged with its instance)")
            .register(registry);
    this.rejectedCreates =
        Counter.builder("sluice.consumer.creates.rejected")
            .description("Instance creations refused")
            .withRegistry(registry);
    this.fetchLatency =
        Timer.builder("sluice.fetch.latency")
            .description("Time from a GET records request to its batch being ready")
            .publishPercentileHistogram()
            .maximumExpectedValue(Duration.ofSeconds(30))
            .register(registry);
    this.commitLatency =
        Timer.builder("sluice.commit.latency")
            .description("Time of offset commits to Kafka")
            .publishPercentileHistogram()
            .register(registry);
  }

  void close() {
    if (refresher != null) {
      refresher.shutdownNow();
    }
  }

  void rejectedCreate(ConsumerException.Kind reason) {
    rejectedCreates.withTag("reason", reason.name().toLowerCase(Locale.ROOT)).increment();
  }

  void delivered(List<RenderedRecord> records) {
    recordsDelivered.increment(records.size());
    long bytes = 0;
    for (RenderedRecord record : records) {
      bytes += record.size();
    }
    bytesDelivered.increment(bytes);
  }

  void rebalanced() {
    rebalances.increment();
  }

  void pollFailed() {
    pollErrors.increment();
  }

  Timer.Sample startTimer() {
    return Timer.start(registry);
  }

  void fetched(Timer.Sample sample) {
    sample.stop(fetchLatency);
  }

  void committed(Timer.Sample sample) {
    sample.stop(commitLatency);
  }

  /**
   * Binds the Kafka client's own metrics (refreshed on one shared thread), unless switched off with
   * {@code metrics.kafka.clients=false}; close the result with the consumer.
   */
  AutoCloseable bind(Consumer<byte[], byte[]> consumer) {
    if (refresher == null) {
      return () -> {};
    }
    ScheduledTasks refresh = new ScheduledTasks(refresher);
    KafkaClientMetrics metrics = new KafkaClientMetrics(consumer, Tags.empty(), refresh);
    metrics.bindTo(registry);
    return () -> {
      refresh.shutdown();
      metrics.close();
    };
  }
}
