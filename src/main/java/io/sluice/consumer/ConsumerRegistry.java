package io.sluice.consumer;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.sluice.config.Settings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.clients.consumer.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.utils.ThreadUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All live consumer instances, by group and id. An instance nobody used for its {@code
 * consumer.instance.timeout.ms} (its own, or the gateway's) expires on a real scheduler (not only
 * on the next access), and is closed so its member leaves the group at once. Thread-safe.
 */
public final class ConsumerRegistry implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ConsumerRegistry.class);

  private record Key(String group, String id) {}

  private final Cache<Key, ConsumerInstance> instances;
  private final ConsumerFactory factory;
  private final ConsumerMetrics metrics;
  private final Admission admission;
  private final boolean staticMembership;
  private final Duration shutdownTimeout;
  private final InstanceResources resources;
  private final ScheduledExecutorService timer;
  private final ExecutorService completer;
  private final ExecutorService closer;

  public ConsumerRegistry(Settings settings, MeterRegistry meters) {
    this(
        settings,
        new ConsumerFactory(settings),
        new ConsumerMetrics(meters, settings.kafkaClientMetrics()),
        Ticker.systemTicker());
    Gauge.builder("sluice.consumer.instances", this, ConsumerRegistry::size)
        .description("Live consumer instances")
        .register(meters);
    Gauge.builder("sluice.consumer.buffered.records", this, r -> r.sum(i -> i.bufferedRecords()))
        .description("Records prefetched and not yet delivered, over all instances")
        .register(meters);
    Gauge.builder("sluice.consumer.buffered.bytes", this, r -> r.sum(i -> i.bufferedBytes()))
        .description("Bytes prefetched and not yet delivered, over all instances")
        .baseUnit("bytes")
        .register(meters);
    Gauge.builder("sluice.fetches.waiting", this, r -> r.sum(i -> i.waitingFetches()))
        .description("GET records requests waiting for data (long polls)")
        .register(meters);
    Gauge.builder("sluice.consumer.paused.partitions", this, r -> r.sum(i -> i.pausedPartitions()))
        .description("Partitions paused because their instance's buffer is full")
        .register(meters);
  }

  ConsumerRegistry(
      Settings settings, ConsumerFactory factory, ConsumerMetrics metrics, Ticker ticker) {
    Duration defaultTimeout = settings.instanceTimeout();
    this.metrics = metrics;
    this.factory = factory;
    this.admission = new Admission(settings);
    this.staticMembership = settings.staticMembership();
    this.shutdownTimeout = settings.shutdownTimeout();
    ScheduledThreadPoolExecutor fetchTimer =
        new ScheduledThreadPoolExecutor(1, daemon("sluice-fetch-timer"));
    // Answered fetches cancel their expiry; cancelled tasks must not wait in the queue.
    fetchTimer.setRemoveOnCancelPolicy(true);
    this.timer = fetchTimer;
    this.completer = Executors.newCachedThreadPool(daemon("sluice-delivery"));
    this.closer = Executors.newCachedThreadPool(daemon("sluice-expiry"));
    this.resources =
        new InstanceResources(
            timer, completer, metrics, settings.bufferMaxBytes(), settings.bufferMaxRecords());
    this.instances =
        Caffeine.newBuilder()
            .expireAfter(
                Expiry.<Key, ConsumerInstance>accessing(
                    (key, instance) -> instance.instanceTimeout().orElse(defaultTimeout)))
            .scheduler(Scheduler.systemScheduler())
            .ticker(ticker)
            .executor(closer)
            .<Key, ConsumerInstance>removalListener(
                (key, instance, cause) -> {
                  if (cause == RemovalCause.EXPIRED && instance != null) {
                    log.info(
                        "Consumer {} in group {} expired after {} idle; closing it",
                        key.id(),
                        key.group(),
                        instance.instanceTimeout().orElse(defaultTimeout));
                    instance.close();
                  }
                })
            .build();
  }

  /**
   * Creates and starts an instance owned by {@code owner}; refuses duplicates, bad settings and one
   * too many, for the gateway or for the owner.
   */
  public ConsumerInstance create(ConsumerSpec spec, Owner owner) {
    try {
      return createOrRefuse(spec, owner);
    } catch (ConsumerException e) {
      metrics.rejectedCreate(e.kind());
      throw e;
    }
  }

  private synchronized ConsumerInstance createOrRefuse(ConsumerSpec requested, Owner owner) {
    String id = requested.name().orElseGet(() -> "sluice-consumer-" + UUID.randomUUID());
    ConsumerSpec spec = staticMembership ? requested.withStaticId(id) : requested;
    Key key = new Key(spec.group(), id);
    if (instances.getIfPresent(key) != null) {
      throw new ConsumerException(
          ConsumerException.Kind.INSTANCE_EXISTS,
          "Consumer instance with the specified name already exists: " + spec.group() + "/" + id);
    }
    instances.cleanUp();
    admission.check(spec, owner, instances.asMap().values());
    Consumer<byte[], byte[]> consumer = factory.create(id, spec, owner);
    ConsumerInstance instance =
        new ConsumerInstance(
            id, spec, owner, consumer, resources, factory.autoCommitInterval(spec));
    instances.put(key, instance);
    log.info("Created consumer {} in group {} ({})", id, spec.group(), spec.format().describe());
    return instance;
  }

  /**
   * The instance, for a request of its client: a use that keeps it alive, and an acknowledgement of
   * every answer written to that client before.
   */
  public ConsumerInstance get(String group, String id) {
    ConsumerInstance instance = instances.getIfPresent(new Key(group, id));
    if (instance == null) {
      throw ConsumerException.notFound(group, id);
    }
    instance.acknowledge();
    return instance;
  }

  /**
   * A use of this very instance by its client, as {@link #get}: unless the registry no longer holds
   * it (deleted, and perhaps created again under its name by someone else), then 404.
   */
  public ConsumerInstance use(ConsumerInstance instance) {
    Key key = new Key(instance.group(), instance.id());
    if (instances.policy().getIfPresentQuietly(key) != instance) {
      throw ConsumerException.notFound(instance.group(), instance.id());
    }
    return get(instance.group(), instance.id());
  }

  /** One instance's status; looking is no use of it (it does not postpone expiry). */
  public CompletableFuture<InstanceStatus> status(String group, String id) {
    return inspect(group, id).status(expires(new Key(group, id)));
  }

  /**
   * The status of every instance of the group held here whose owner {@code visible} accepts, by
   * name; no use of them either.
   */
  public CompletableFuture<List<InstanceStatus>> statuses(String group, Predicate<String> visible) {
    List<CompletableFuture<InstanceStatus>> statuses = new ArrayList<>();
    instances.asMap().keySet().stream()
        .filter(key -> key.group().equals(group))
        .sorted(Comparator.comparing(Key::id))
        .forEach(
            key -> {
              ConsumerInstance instance = instances.policy().getIfPresentQuietly(key);
              if (instance != null && visible.test(instance.owner())) {
                statuses.add(instance.status(expires(key)));
              }
            });
    return CompletableFuture.allOf(statuses.toArray(CompletableFuture[]::new))
        .thenApply(none -> statuses.stream().map(CompletableFuture::join).toList());
  }

  /** The names of the groups that have instances here. */
  public List<String> groups() {
    return instances.asMap().keySet().stream().map(Key::group).distinct().sorted().toList();
  }

  private Instant expires(Key key) {
    return instances
        .policy()
        .expireVariably()
        .flatMap(policy -> policy.getExpiresAfter(key))
        .map(remaining -> Instant.now().plus(remaining))
        .orElse(Instant.now());
  }

  /** The instance, for looking at it: neither a use nor an acknowledgement. */
  public ConsumerInstance inspect(String group, String id) {
    ConsumerInstance instance = instances.policy().getIfPresentQuietly(new Key(group, id));
    if (instance == null) {
      throw ConsumerException.notFound(group, id);
    }
    return instance;
  }

  /**
   * Closes the instance before returning. Its member leaves the group at once, unless {@code
   * leaveGroup} is false: then a static member keeps its place until its session times out, so that
   * creating it again with the same {@code group.instance.id} takes its partitions back without a
   * rebalance.
   */
  public void delete(String group, String id, boolean leaveGroup) {
    ConsumerInstance instance = instances.asMap().remove(new Key(group, id));
    if (instance == null) {
      throw ConsumerException.notFound(group, id);
    }
    instance.acknowledge();
    instance.close(
        leaveGroup ? GroupMembershipOperation.LEAVE_GROUP : GroupMembershipOperation.DEFAULT);
    log.info("Deleted consumer {} in group {}", id, group);
  }

  public long size() {
    return instances.estimatedSize();
  }

  private double sum(ToDoubleFunction<ConsumerInstance> value) {
    double sum = 0;
    for (ConsumerInstance instance : instances.asMap().values()) {
      sum += value.applyAsDouble(instance);
    }
    return sum;
  }

  /**
   * First step of a graceful shutdown: every waiting fetch is answered now with what is buffered,
   * and later fetches do not wait, so the HTTP server can drain quickly.
   */
  public void stopWaiting() {
    instances.asMap().values().forEach(ConsumerInstance::stopWaiting);
  }

  /**
   * Closes every instance in parallel (each commits if auto-committing; dynamic members leave their
   * groups, static ones keep their place for the gateway's restart), waiting at most {@code
   * shutdown.timeout.ms}, then the shared threads; idempotent.
   */
  @Override
  public void close() {
    List<CompletableFuture<Void>> closing = new ArrayList<>();
    for (Map.Entry<Key, ConsumerInstance> entry : Map.copyOf(instances.asMap()).entrySet()) {
      instances.asMap().remove(entry.getKey());
      ConsumerInstance instance = entry.getValue();
      closing.add(
          CompletableFuture.runAsync(
              () -> instance.close(GroupMembershipOperation.DEFAULT), closer));
    }
    try {
      CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new))
          .get(shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      log.warn("Not every consumer closed within {}; stopping anyway", shutdownTimeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      log.warn("Closing consumers failed", e.getCause());
    }
    timer.shutdownNow();
    metrics.close();
    completer.shutdown();
    closer.shutdown();
  }

  /** Daemon threads named {@code name-1}, {@code name-2}, … */
  static ThreadFactory daemon(String name) {
    return ThreadUtils.createThreadFactory(name + "-%d", true);
  }
}
