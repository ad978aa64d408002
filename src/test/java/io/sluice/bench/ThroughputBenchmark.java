package io.sluice.bench;

import io.sluice.bench.ReadProgress.Reading;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.function.ToDoubleFunction;

/**
 * Records/s and MB/s reading a whole topic from the beginning: native {@code KafkaConsumer}s with
 * Kafka's default settings against gateway instances read with {@code GET …/records}, for each
 * {@link Workload} (binary and json, 100-byte and 1-KiB values) with 1 and 8 readers in one fresh
 * group. Each reader has its own thread (and HTTP connection). MB/s counts key and value bytes on
 * both sides. Warm-up runs are not counted; the rest alternate native and gateway and report the
 * median, min and max.
 *
 * <p>The clock starts at the first record received (see {@link ReadProgress}). Gateway instances
 * are created and subscribed just before their clients start asking, and their poll loops may
 * prefetch meanwhile (up to {@code consumer.buffer.max.records} each), where a native consumer
 * fetches only once polled; with a million records that head start is at most a few percent.
 */
final class ThroughputBenchmark {
  private static final int[] READERS = {1, 8};
  private static final Duration RUN_LIMIT = Duration.ofMinutes(10);

  /** One reading of the whole topic by {@code readers} readers in a new group. */
  private interface Side {
    Reading read(Workload workload, int readers, String group) throws Exception;
  }

  private final Broker broker;
  private final String base;
  private final Options options;
  private final Results results;
  private final Map<Workload, Long> bytes = new LinkedHashMap<>();
  private int groups;

  ThroughputBenchmark(Broker broker, String base, Options options, Results results) {
    this.broker = broker;
    this.base = base;
    this.options = options;
    this.results = results;
  }

  void run() throws Exception {
    for (String format : List.of("binary", "json")) {
      bytes.put(new Workload(format, 100, options.records()), 0L);
      bytes.put(new Workload(format, 1024, options.records1k()), 0L);
    }
    for (Workload workload : bytes.keySet()) {
      long start = System.nanoTime();
      bytes.put(workload, broker.fill(workload));
      System.out.printf(
          "filled %s: %,d records in %.1f s%n",
          workload.topic(), workload.records(), (System.nanoTime() - start) / 1e9);
    }
    for (Workload workload : bytes.keySet()) {
      for (int readers : READERS) {
        measure(workload, readers);
      }
    }
  }

  private void measure(Workload workload, int readers) throws Exception {
    String name = workload.label() + ", " + readers + (readers == 1 ? " client" : " clients");
    for (int w = 1; w <= options.warmups(); w++) {
      run("warm-up " + w + ", native, " + name, this::readNative, workload, readers);
      run("warm-up " + w + ", gateway, " + name, this::readGateway, workload, readers);
    }
    List<Reading> nativeRuns = new ArrayList<>();
    List<Reading> gatewayRuns = new ArrayList<>();
    for (int r = 1; r <= options.runs(); r++) {
      nativeRuns.add(run("run " + r + ", native, " + name, this::readNative, workload, readers));
      gatewayRuns.add(run("run " + r + ", gateway, " + name, this::readGateway, workload, readers));
    }
    double megabytes = bytes.get(workload) / 1e6;
    results.add(
        new Figure(
            "throughput",
            name,
            "records/s",
            summary(gatewayRuns, run -> workload.records() / run.seconds()),
            summary(nativeRuns, run -> workload.records() / run.seconds())));
    results.add(
        new Figure(
            "throughput",
            name,
            "MB/s",
            summary(gatewayRuns, run -> megabytes / run.seconds()),
            summary(nativeRuns, run -> megabytes / run.seconds())));
  }

  private Reading run(String what, Side side, Workload workload, int readers) throws Exception {
    return printed(what, side.read(workload, readers, "bench-throughput-" + ++groups));
  }

  /** Prints one reading as a line of progress. */
  static Reading printed(String what, Reading reading) {
    System.out.printf(
        "%-55s %,10d records in %6.2f s = %,10.0f records/s%s%n",
        what,
        reading.records(),
        reading.seconds(),
        reading.records() / reading.seconds(),
        reading.redelivered() > 0 ? " (" + reading.redelivered() + " redelivered)" : "");
    return reading;
  }

  private Reading readNative(Workload workload, int readers, String group) throws Exception {
    ReadProgress progress = progress(workload);
    NativeReader reader = new NativeReader(broker.bootstrap(), group, workload.topic());
    return inParallel(readers, index -> () -> reader.readUntilDone(progress), progress);
  }

  private Reading readGateway(Workload workload, int readers, String group) throws Exception {
    ReadProgress progress = progress(workload);
    List<String> instances = new ArrayList<>();
    GatewayClient setup = new GatewayClient(base);
    for (int i = 0; i < readers; i++) {
      String instance =
          setup.create(
              group,
              "{\"format\":\"" + workload.format() + "\",\"auto.offset.reset\":\"earliest\"}");
      setup.subscribe(instance, workload.topic());
      instances.add(instance);
    }
    try {
      return inParallel(
          readers,
          index -> () -> readGatewayUntilDone(instances.get(index), workload, progress),
          progress);
    } finally {
      for (String instance : instances) {
        setup.delete(instance);
      }
    }
  }

  private Void readGatewayUntilDone(String instance, Workload workload, ReadProgress progress)
      throws Exception {
    GatewayClient client = new GatewayClient(base);
    while (!progress.done()) {
      int count =
          client.fetch(
              instance,
              "max_bytes=8388608",
              workload.accept(),
              (partition, offset, timestamp) -> progress.seen(partition, offset));
      progress.received(count);
    }
    return null;
  }

  private ReadProgress progress(Workload workload) throws Exception {
    return new ReadProgress(broker.endOffsets(workload.topic(), Workload.PARTITIONS), RUN_LIMIT);
  }

  private static Reading inParallel(
      int readers, IntFunction<Callable<Void>> reader, ReadProgress progress) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(readers);
    try {
      List<Future<Void>> running = new ArrayList<>();
      for (int i = 0; i < readers; i++) {
        running.add(threads.submit(reader.apply(i)));
      }
      for (Future<Void> thread : running) {
        thread.get();
      }
      return progress.reading();
    } finally {
      threads.shutdownNow();
    }
  }

  static Summary summary(List<Reading> runs, ToDoubleFunction<Reading> rate) {
    return Summary.ofRuns(runs.stream().mapToDouble(rate).boxed().toList());
  }
}
