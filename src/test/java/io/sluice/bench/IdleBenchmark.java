package io.sluice.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.LockSupport;

/**
 * Many idle subscribed instances (spread over {@link #GROUPS} groups on a one-partition topic that
 * receives no records): what creating them costs, what holding them costs the gateway process (heap
 * after GC, RSS, threads; before, after and per instance), and whether all of them are still group
 * members after the idle wait. Runs last: the instances stay.
 */
final class IdleBenchmark {
  private static final String TOPIC = "bench-idle";
  private static final int GROUPS = 100;
  private static final double MB = 1e6;

  private final Broker broker;
  private final String base;
  private final long gatewayPid;
  private final Options options;
  private final Results results;

  IdleBenchmark(Broker broker, String base, long gatewayPid, Options options, Results results) {
    this.broker = broker;
    this.base = base;
    this.gatewayPid = gatewayPid;
    this.options = options;
    this.results = results;
  }

  void run() throws Exception {
    int count = options.idleInstances();
    broker.createTopic(TOPIC, 1);
    Vitals before = Vitals.of(gatewayPid);
    // Instances nobody reads expire after consumer.instance.timeout.ms (5 min by default).
    long timeout = Math.min(options.idleWait().plusMinutes(10).toMillis(), 3_600_000);
    String body = "{\"format\":\"binary\",\"consumer.instance.timeout.ms\":\"" + timeout + "\"}";
    GatewayClient client = new GatewayClient(base);
    List<Double> creates = new ArrayList<>();
    List<Double> subscribes = new ArrayList<>();
    Set<String> groups = new TreeSet<>();
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      String group = "bench-idle-" + i % GROUPS;
      groups.add(group);
      long t0 = System.nanoTime();
      String instance = client.create(group, body);
      long t1 = System.nanoTime();
      client.subscribe(instance, TOPIC);
      creates.add((t1 - t0) / 1e6);
      subscribes.add((System.nanoTime() - t1) / 1e6);
      if ((i + 1) % 100 == 0 || i + 1 == count) {
        System.out.printf("idle: %,d instances created and subscribed%n", i + 1);
      }
    }
    double createSeconds = (System.nanoTime() - start) / 1e9;
    broker.awaitMembers(groups, count, Duration.ofMinutes(10));
    double joinedSeconds = (System.nanoTime() - start) / 1e9;
    Vitals after = Vitals.of(gatewayPid);

    System.out.printf("idle: all %,d are members; waiting %s%n", count, options.idleWait());
    // The idle period itself: nothing to wait for but time.
    LockSupport.parkNanos(options.idleWait().toNanos());
    long members = broker.members(groups);
    Vitals later = Vitals.of(gatewayPid);
    System.out.printf(
        "idle: %,d of %,d instances are group members after %s%n",
        members, count, options.idleWait());

    String n = String.format("%,d", count);
    add("create (POST /consumers/{group}), each", "ms", Summary.ofSamples(creates));
    add("subscribe (POST …/subscription), each", "ms", Summary.ofSamples(subscribes));
    add("create and subscribe " + n + ", total", "s", Summary.single(createSeconds));
    add("until all " + n + " are group members, total", "s", Summary.single(joinedSeconds));
    vitals("before", before);
    vitals("with " + n + " idle", after);
    vitals("with " + n + " idle after " + options.idleWait().toSeconds() + " s", later);
    // Per instance at rest: after the idle wait, once creating them no longer shows.
    add(
        "heap after GC per instance, at rest",
        "KB",
        single((later.heapBytes() - before.heapBytes()) / 1e3 / count));
    add(
        "RSS per instance, at rest",
        "KB",
        single((later.rssBytes() - before.rssBytes()) / 1e3 / count));
    add(
        "threads per instance, at rest",
        "threads",
        single((later.threads() - before.threads()) / (double) count));
    add(
        "group members after " + options.idleWait().toSeconds() + " s idle (of " + n + ")",
        "members",
        single(members));
  }

  private void vitals(String when, Vitals vitals) {
    add("gateway heap after GC, " + when, "MB", single(vitals.heapBytes() / MB));
    add("gateway RSS, " + when, "MB", single(vitals.rssBytes() / MB));
    add("gateway threads, " + when, "threads", single(vitals.threads()));
  }

  private void add(String measure, String unit, Summary summary) {
    results.add(Figure.of("idle", measure, unit, summary));
  }

  private static Summary single(double value) {
    return Summary.single(value);
  }
}
