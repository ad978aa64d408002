package io.sluice.bench;

import io.sluice.bench.Options.Part;
import io.sluice.embedded.EmbeddedKafka;
import io.sluice.support.GatewayProcess;
import io.sluice.support.TestRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The benchmark suite, run by {@code bench/run.sh} (see {@link Options} for its command line): a
 * Kafka broker embedded in this JVM and the gateway as its own process ({@code java -jar}, no JVM
 * options), so the gateway's memory and threads are its own. The parts run in the order of {@link
 * Part}; a part that fails is reported and the others still run. Prints progress and the table;
 * writes {@code results.json}, {@code results.md} and {@code throughput.png} to the output
 * directory. A measurement, not a test.
 */
public final class GatewayBenchmark {
  private static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
  private final Options options;
  private final Broker broker;
  private final GatewayProcess gateway;
  private final Results results;
  private final Map<String, String> settings;
  private final LifecycleBenchmark lifecycle;

  private GatewayBenchmark(
      Options options,
      Broker broker,
      GatewayProcess gateway,
      Results results,
      Map<String, String> settings) {
    this.options = options;
    this.broker = broker;
    this.gateway = gateway;
    this.results = results;
    this.settings = settings;
    this.lifecycle = new LifecycleBenchmark(broker, gateway.baseUri(), results);
  }

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    if (!Files.isRegularFile(options.jar())) {
      throw new IllegalArgumentException("No gateway jar at " + options.jar());
    }
    Results results = new Results(Results.Machine.current(options.jar()));
    boolean failed = false;
    Map<String, String> settings = settings(options);
    Path data = Files.createTempDirectory("sluice-bench-");
    try (EmbeddedKafka kafka = EmbeddedKafka.start(0, data);
        Broker broker = new Broker(kafka.bootstrapServers());
        GatewayProcess gateway =
            GatewayProcess.startJar(
                "bench-gateway", options.jar(), kafka.bootstrapServers(), settings)) {
      System.out.printf(
          "gateway %s (pid %d) at %s; broker %s%n",
          options.jar(), gateway.pid(), gateway.baseUri(), kafka.bootstrapServers());
      GatewayBenchmark suite = new GatewayBenchmark(options, broker, gateway, results, settings);
      for (Part part : options.parts()) {
        System.out.printf("%n== %s%n", part.label());
        try {
          suite.run(part);
        } catch (Exception e) {
          failed = true;
          System.out.printf("%s failed: %s%n", part.label(), e);
          e.printStackTrace(System.out);
          if (!gateway.alive()) {
            System.out.println("The gateway process has exited; see target/process-logs.");
            break;
          }
        }
      }
    } finally {
      delete(data);
    }
    Report.write(results, options.out());
    ThroughputChart.write(results, options.out().resolve("throughput.png"));
    System.out.printf("%nWrote %s/results.json, results.md and throughput.png%n", options.out());
    if (failed) {
      System.exit(1);
    }
  }

  private void run(Part part) throws Exception {
    String base = gateway.baseUri();
    switch (part) {
      case PRODUCE -> produce();
      case THROUGHPUT -> new ThroughputBenchmark(broker, base, options, results).run();
      case LATENCY -> new LatencyBenchmark(broker, base, options.latencyDuration(), results).run();
      case STREAM -> {
        new StreamBenchmark(broker, base, options, results).run();
        new IdleStreamsBenchmark(broker, options.jar(), options.gatewaySettings(), results).run();
      }
      case STARTUP -> lifecycle.startup();
      case COMMIT -> lifecycle.commit();
      case AVRO -> new AvroBenchmark(broker, base, registry(settings), options, results).run();
      case IDLE -> idle();
    }
  }

  /**
   * The measured gateway's settings: {@code --gateway}'s, and for the avro part a schema registry:
   * the one {@code schema.registry.url} names there, otherwise the tests' Apicurio Registry ({@link
   * TestRegistry}: Java 21+ and {@code target/apicurio-registry}, which bench/run.sh unpacks).
   */
  private static Map<String, String> settings(Options options) {
    if (!options.parts().contains(Part.AVRO)
        || options.gatewaySettings().containsKey(SCHEMA_REGISTRY_URL)) {
      return options.gatewaySettings();
    }
    String url;
    try {
      url = TestRegistry.url();
    } catch (RuntimeException e) {
      // Reported when the avro part runs; the other parts need no registry.
      System.out.printf("No schema registry for the avro part: %s%n", e.getMessage());
      return options.gatewaySettings();
    }
    System.out.printf("schema registry %s%n", url);
    return withSetting(options.gatewaySettings(), SCHEMA_REGISTRY_URL, url);
  }

  /** The first of the gateway's schema registry URLs. */
  private static String registry(Map<String, String> settings) {
    String urls = settings.get(SCHEMA_REGISTRY_URL);
    if (urls == null) {
      throw new IllegalStateException(
          "No schema registry: Apicurio Registry did not start (see above), and --gateway"
              + " names no schema.registry.url");
    }
    return urls.split(",")[0].trim();
  }

  /**
   * On a gateway process of its own: one that served the other parts holds their heap (a JVM keeps
   * what it grew), which would hide what idle instances cost.
   */
  private void idle() throws Exception {
    try (GatewayProcess fresh =
        GatewayProcess.startJar(
            "bench-idle-gateway",
            options.jar(),
            broker.bootstrap(),
            withSetting(
                options.gatewaySettings(),
                "consumer.max.instances",
                Integer.toString(options.idleInstances() + 100)))) {
      new IdleBenchmark(broker, fresh.baseUri(), fresh.pid(), options, results).run();
    }
  }

  static Map<String, String> withSetting(Map<String, String> settings, String key, String value) {
    Map<String, String> all = new HashMap<>(settings);
    all.put(key, value);
    return all;
  }

  private void produce() throws Exception {
    for (ProduceBenchmark.Row row :
        new ProduceBenchmark(broker, gateway.baseUri(), options.produceRecords()).run()) {
      results.add(
          new Figure(
              "produce",
              Double.isNaN(row.http())
                  ? row.configuration()
                  : "POST /topics/{topic}, " + row.configuration(),
              "records/s",
              Double.isNaN(row.http()) ? null : Summary.single(row.http()),
              Summary.single(row.nativeRate())));
    }
  }

  private static void delete(Path directory) throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    }
  }
}
