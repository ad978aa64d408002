package io.sluice.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The command line of {@code bench/run.sh}: {@code --jar PATH}, {@code --parts a,b}, {@code --runs
 * N}, {@code --warmups N}, {@code --records N} (100-byte values; 1-KiB values read a fifth of it
 * unless {@code --records-1k N}, Avro values a fifth unless {@code --records-avro N}), {@code
 * --idle-instances N}, {@code --idle-minutes M}, {@code --latency-seconds S}, {@code
 * --produce-records N}, {@code --out DIR}, {@code --gateway key=value,key=value} (settings of the
 * measured gateways, as in a properties file).
 */
record Options(
    Path jar,
    Set<Part> parts,
    int runs,
    int warmups,
    int records,
    int records1k,
    int avroRecords,
    int idleInstances,
    Duration idleWait,
    Duration latencyDuration,
    long produceRecords,
    Path out,
    Map<String, String> gatewaySettings) {

  /** The parts of the suite, in the order they run; idle last, as its instances stay. */
  enum Part {
    PRODUCE,
    THROUGHPUT,
    LATENCY,
    STREAM,
    STARTUP,
    COMMIT,
    AVRO,
    IDLE;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  static Options parse(String... args) {
    Map<String, String> given = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("Expected --option value, got: " + args[i]);
      }
      given.put(args[i].substring(2), args[i + 1]);
    }
    List<String> known =
        List.of(
            "jar",
            "parts",
            "runs",
            "warmups",
            "records",
            "records-1k",
            "records-avro",
            "idle-instances",
            "idle-minutes",
            "latency-seconds",
            "produce-records",
            "out",
            "gateway");
    for (String key : given.keySet()) {
      if (!known.contains(key)) {
        throw new IllegalArgumentException("Unknown option --" + key + "; known: " + known);
      }
    }
    int records = Integer.parseInt(given.getOrDefault("records", "1000000"));
    Options options =
        new Options(
            Path.of(given.getOrDefault("jar", "target/sluice.jar")).toAbsolutePath(),
            parts(
                given.getOrDefault(
                    "parts", "produce,throughput,latency,stream,startup,commit,avro,idle")),
            Integer.parseInt(given.getOrDefault("runs", "3")),
            Integer.parseInt(given.getOrDefault("warmups", "1")),
            records,
            Integer.parseInt(given.getOrDefault("records-1k", Integer.toString(records / 5))),
            Integer.parseInt(given.getOrDefault("records-avro", Integer.toString(records / 5))),
            Integer.parseInt(given.getOrDefault("idle-instances", "1000")),
            minutes(Double.parseDouble(given.getOrDefault("idle-minutes", "3"))),
            Duration.ofSeconds(Long.parseLong(given.getOrDefault("latency-seconds", "10"))),
            Long.parseLong(given.getOrDefault("produce-records", "500000")),
            Path.of(given.getOrDefault("out", "target/bench")),
            settings(given.getOrDefault("gateway", "")));
    if (options.runs() < 1
        || options.records() < 1
        || options.records1k() < 1
        || options.avroRecords() < 1) {
      throw new IllegalArgumentException("--runs and --records must be at least 1");
    }
    return options;
  }

  private static Map<String, String> settings(String list) {
    Map<String, String> settings = new LinkedHashMap<>();
    for (String pair : list.split(",")) {
      if (pair.isBlank()) {
        continue;
      }
      int equals = pair.indexOf('=');
      if (equals <= 0) {
        throw new IllegalArgumentException("Expected --gateway key=value,…, got: " + pair);
      }
      settings.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
    }
    return Map.copyOf(settings);
  }

  private static Set<Part> parts(String list) {
    return Arrays.stream(list.split(","))
        .map(name -> Part.valueOf(name.trim().toUpperCase(Locale.ROOT)))
        .collect(Collectors.toCollection(() -> EnumSet.noneOf(Part.class)));
  }

  private static Duration minutes(double minutes) {
    return Duration.ofMillis(Math.round(minutes * 60_000));
  }
}
