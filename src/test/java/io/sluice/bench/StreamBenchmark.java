package io.sluice.bench;

import io.sluice.bench.ReadProgress.Reading;
import io.sluice.bench.StreamReader.Format;
import io.sluice.bench.StreamReader.Seen;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Streams ({@code GET …/records} as SSE or NDJSON) measured as batches are: records/s and MB/s
 * through one stream reading the {@code binary, 100 B} {@link Workload} from the beginning against
 * a native {@code KafkaConsumer} reading the same records, alternating as {@link
 * ThroughputBenchmark} does; and produce-to-client latency over one SSE stream at 1,000 records/s,
 * as {@link LatencyBenchmark} measures it for long polls. Every reading has a fresh group and an
 * auto-commit instance, which commits at {@code max_uncommitted} (left at its default) rather than
 * wait for the client.
 */
final class StreamBenchmark {
  private static final Duration RUN_LIMIT = Duration.ofMinutes(10);
  private static final String LATENCY_TOPIC = "bench-stream-latency";
  private static final String INSTANCE =
      "{\"format\":\"binary\",\"auto.offset.reset\":\"earliest\",\"auto.commit.enable\":\"true\"}";

  private final Broker broker;
  private final String base;
  private final Options options;
  private final Results results;
  private final GatewayClient client;
  private int groups;

  StreamBenchmark(Broker broker, String base, Options options, Results results) {
    this.broker = broker;
    this.base = base;
    this.options = options;
    this.results = results;
    this.client = new GatewayClient(base);
  }

  void run() throws Exception {
    Workload workload = new Workload("binary", 100, options.records());
    long start = System.nanoTime();
    long bytes = broker.fillOnce(workload);
    System.out.printf(
        "%s holds %,d records (%.1f s)%n",
        workload.topic(), workload.records(), (System.nanoTime() - start) / 1e9);
    for (Format format : Format.values()) {
      measure(workload, bytes, format);
    }
    latency();
  }

  private void measure(Workload workload, long bytes, Format format) throws Exception {
    String name = format + ", " + workload.label() + ", 1 client";
    for (int w = 1; w <= options.warmups(); w++) {
      readNative("warm-up " + w + ", native, " + name, workload);
      readStream("warm-up " + w + ", stream, " + name, workload, format);
    }
    List<Reading> nativeRuns = new ArrayList<>();
    List<Reading> streamRuns = new ArrayList<>();
    for (int r = 1; r <= options.runs(); r++) {
      nativeRuns.add(readNative("run " + r + ", native, " + name, workload));
      streamRuns.add(readStream("run " + r + ", stream, " + name, workload, format));
    }
    double megabytes = bytes / 1e6;
    results.add(
        new Figure(
            "stream",
            name,
            "records/s",
            ThroughputBenchmark.summary(streamRuns, run -> workload.records() / run.seconds()),
            ThroughputBenchmark.summary(nativeRuns, run -> workload.records() / run.seconds())));
    results.add(
        new Figure(
            "stream",
            name,
            "MB/s",
            ThroughputBenchmark.summary(streamRuns, run -> megabytes / run.seconds()),
            ThroughputBenchmark.summary(nativeRuns, run -> megabytes / run.seconds())));
  }

  private Reading readNative(String what, Workload workload) throws Exception {
    ReadProgress progress = progress(workload);
    new NativeReader(broker.bootstrap(), "bench-stream-" + ++groups, workload.topic())
        .readUntilDone(progress);
    return ThroughputBenchmark.printed(what, progress.reading());
  }

  private Reading readStream(String what, Workload workload, Format format) throws Exception {
    ReadProgress progress = progress(workload);
    String instance = client.create("bench-stream-" + ++groups, INSTANCE);
    try {
      client.subscribe(instance, workload.topic());
      StreamReader reader = new StreamReader(base);
      // The topic has no gaps: each partition's records should come in order, each once.
      long[] next = new long[Workload.PARTITIONS];
      long[] outOfOrder = {0};
      Seen seen =
          within(
              RUN_LIMIT.plusSeconds(10),
              () ->
                  reader.read(
                      instance,
                      format,
                      (partition, offset, timestamp) -> {
                        if (offset != next[partition]) {
                          outOfOrder[0]++;
                        }
                        next[partition] = offset + 1;
                        progress.received(1);
                        progress.seen(partition, offset);
                      },
                      progress::done));
      ThroughputBenchmark.printed(what, progress.reading());
      System.out.printf(
          "  %d rebalance events, %d records not at the next offset of their partition%n",
          seen.rebalances(), outOfOrder[0]);
      return progress.reading();
    } finally {
      client.delete(instance);
    }
  }

  /** One client reads an SSE stream while {@link LatencyBenchmark#produce} sends. */
  private void latency() throws Exception {
    broker.createTopic(LATENCY_TOPIC, 1);
    String group = "bench-stream-latency";
    String instance = client.create(group, INSTANCE);
    client.subscribe(instance, LATENCY_TOPIC);
    broker.awaitMembers(List.of(group), 1, Duration.ofMinutes(1));

    LatencyBenchmark.Schedule schedule = LatencyBenchmark.Schedule.of(options.latencyDuration());
    List<Double> millis = new ArrayList<>();
    int[] received = {0};
    StreamReader reader = new StreamReader(base);
    ExecutorService thread =
        Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "bench-stream-reader"));
    try {
      Future<Seen> reading =
          thread.submit(
              () ->
                  reader.read(
                      instance,
                      Format.SSE,
                      (partition, offset, timestamp) -> {
                        long now = System.currentTimeMillis();
                        if (++received[0] > schedule.warmUp()) {
                          millis.add((double) (now - timestamp));
                        }
                      },
                      () -> received[0] >= schedule.total()));
      LatencyBenchmark.produce(broker, LATENCY_TOPIC, schedule.total());
      awaitWithin(reading, Duration.ofMinutes(1));
    } finally {
      thread.shutdownNow();
      client.delete(instance);
    }

    Summary latency = Summary.ofSamples(millis);
    System.out.printf(
        "produce-to-client latency over an SSE stream, %,d records: p50 %.0f ms, p99 %.0f ms,"
            + " max %.0f ms%n",
        latency.samples(), latency.median(), latency.p99(), latency.max());
    results.add(
        Figure.of("stream", "produce-to-client, 1,000 records/s, SSE stream", "ms", latency));
  }

  private ReadProgress progress(Workload workload) throws Exception {
    return new ReadProgress(broker.endOffsets(workload.topic(), Workload.PARTITIONS), RUN_LIMIT);
  }

  /** Runs {@code reading} on a thread of its own, interrupted if it takes longer than allowed. */
  private static Seen within(Duration limit, Callable<Seen> reading) throws Exception {
    ExecutorService thread =
        Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "bench-stream-reader"));
    try {
      return awaitWithin(thread.submit(reading), limit);
    } finally {
      thread.shutdownNow();
    }
  }

  private static Seen awaitWithin(Future<Seen> reading, Duration limit) throws Exception {
    try {
      return reading.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      reading.cancel(true);
      throw new TimeoutException("A stream reading took longer than " + limit);
    }
  }
}
