package io.sluice.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import io.sluice.config.Settings;
import io.sluice.consumer.Batch;
import io.sluice.consumer.CommittedOffset;
import io.sluice.consumer.ConsumerInstance;
import io.sluice.consumer.ConsumerRegistry;
import io.sluice.consumer.ConsumerSpec;
import io.sluice.consumer.FetchRequest;
import io.sluice.consumer.PartitionOffset;
import io.sluice.format.SchemaRenderer;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.ThreadUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The REST Proxy v2 consumer API: parse, call the instance, render. */
final class ConsumerRoutes {
  private static final Logger log = LoggerFactory.getLogger(ConsumerRoutes.class);
  private static final String INSTANCE = "/consumers/{group}/instances/{instance}";

  private static final Duration PROBE_INTERVAL = Duration.ofMillis(200);
  static final String GENERATION = "Sluice-Generation";
  static final String ASSIGNMENT_CHANGED = "Sluice-Assignment-Changed";

  private final ConsumerRegistry registry;
  private final Guard guard;
  private final Optional<SchemaRenderer> schemas;
  private final Settings settings;
  private final ScheduledThreadPoolExecutor probes = probes();
  private final Streams streams;

  ConsumerRoutes(
      ConsumerRegistry registry,
      Guard guard,
      Optional<SchemaRenderer> schemas,
      Settings settings,
      MeterRegistry meters) {
    this.registry = registry;
    this.schemas = schemas;
    this.guard = guard;
    this.settings = settings;
    this.streams = new Streams(settings, meters);
  }

  void addTo(JavalinConfig config) {
    config.routes.post("/consumers/{group}", this::create);
    config.routes.delete(INSTANCE, this::delete);
    config.routes.post(INSTANCE + "/subscription", this::subscribe);
    config.routes.get(INSTANCE + "/subscription", this::subscription);
    config.routes.delete(INSTANCE + "/subscription", this::unsubscribe);
    config.routes.post(INSTANCE + "/assignments", this::assign);
    config.routes.get(INSTANCE + "/assignments", this::assignment);
    config.routes.post(INSTANCE + "/positions", this::seek);
    config.routes.post(INSTANCE + "/positions/beginning", this::seekToBeginning);
    config.routes.post(INSTANCE + "/positions/end", this::seekToEnd);
    config.routes.get(INSTANCE + "/records", this::records);
    config.routes.post(INSTANCE + "/offsets", this::commit);
    config.routes.get(INSTANCE + "/offsets", this::committed);
  }

  private void create(Context ctx) {
    Map<String, Object> body = Json.readObject(ctx);
    ConsumerSpec spec =
        CreateConsumerRequest.toSpec(
            ctx.pathParam("group"), body, settings.instanceTimeoutMax(), schemas);
    guard.access().requireConsumeGroup(guard.principal(ctx), spec.group());
    ConsumerInstance instance = registry.create(spec, guard.owner(ctx));
    Json.answer(ctx, 200, new Wire.CreatedInstance(instance.id(), baseUri(ctx, instance)));
  }

  private void delete(Context ctx) {
    boolean leaveGroup = Queries.queryBoolean(ctx, "leave_group").orElse(true);
    guard.inspect(ctx, registry);
    registry.delete(ctx.pathParam("group"), ctx.pathParam("instance"), leaveGroup);
    ctx.status(204);
  }

  private void subscribe(Context ctx) {
    Wire.Subscription body = Json.require(ctx, Wire.Subscription.class);
    ConsumerInstance instance = instance(ctx);
    Optional<Pattern> pattern = Requests.topicPattern(body);
    CompletableFuture<Void> subscribed =
        pattern.isPresent()
            ? instance.subscribe(guard.consumable(ctx, pattern.get()))
            : instance.subscribe(guard.requireConsume(ctx, List.copyOf(body.topics())));
    later(ctx, subscribed, (c, none) -> c.status(204));
  }

  private void subscription(Context ctx) {
    later(
        ctx,
        instance(ctx).subscription(),
        (c, topics) -> Json.answer(c, 200, new Wire.Subscription(topics, null)));
  }

  private void unsubscribe(Context ctx) {
    later(ctx, instance(ctx).unsubscribe(), (c, none) -> c.status(204));
  }

  private void assign(Context ctx) {
    List<TopicPartition> partitions =
        guard.consumable(ctx, Requests.partitions(Json.require(ctx, Wire.Partitions.class)));
    later(ctx, instance(ctx).assign(partitions), (c, none) -> c.status(204));
  }

  private void assignment(Context ctx) {
    later(
        ctx,
        instance(ctx).assignment(),
        (c, partitions) -> Json.answer(c, 200, Requests.partitionsAnswer(partitions)));
  }

  private void seek(Context ctx) {
    Requests.Seeks seeks = Requests.seeks(Json.require(ctx, Wire.Positions.class));
    guard.consumable(ctx, seeks.offsets().keySet());
    guard.consumable(ctx, seeks.timestamps().keySet());
    ConsumerInstance instance = instance(ctx);
    CompletableFuture<Void> seeking =
        seeks.timestamps().isEmpty()
            ? instance.seek(seeks.offsets())
            : instance
                .seek(seeks.offsets())
                .thenCompose(none -> instance.seekToTimes(seeks.timestamps()));
    later(ctx, seeking, (c, none) -> c.status(204));
  }

  private void seekToBeginning(Context ctx) {
    List<TopicPartition> partitions =
        guard.consumable(ctx, Requests.partitions(Json.require(ctx, Wire.Partitions.class)));
    later(ctx, instance(ctx).seekToBeginning(partitions), (c, none) -> c.status(204));
  }

  private void seekToEnd(Context ctx) {
    List<TopicPartition> partitions =
        guard.consumable(ctx, Requests.partitions(Json.require(ctx, Wire.Partitions.class)));
    later(ctx, instance(ctx).seekToEnd(partitions), (c, none) -> c.status(204));
  }

  private void records(Context ctx) {
    ConsumerInstance instance = instance(ctx);
    Optional<StreamFormat> stream = MediaTypes.streamFor(ctx.header("Accept"));
    if (stream.isPresent()) {
      String group = ctx.pathParam("group");
      String id = ctx.pathParam("instance");
      streams.open(ctx, group + "/" + id, instance, stream.get(), () -> registry.use(instance));
      return;
    }
    String mediaType = MediaTypes.forRecords(instance.format().value(), ctx.header("Accept"));
    FetchRequest request = fetchRequest(ctx, instance);
    ClientConnection client = ClientConnection.of(ctx);
    CompletableFuture<Batch> fetch = instance.fetch(request);
    if (fetch.isCompletedExceptionally()
        && streams.endIfClientLeft(ctx.pathParam("group") + "/" + ctx.pathParam("instance"))) {
      // The instance's stream had lost its client: this fetch takes its place.
      fetch = instance.fetch(request);
    }
    withdrawWhenGone(client, fetch);
    CompletableFuture<Batch> answered =
        fetch.whenComplete(
            (batch, error) -> {
              if (error != null) {
                // An error answer follows: the connection belongs to Jetty again from now on.
                if (client.finish() || client.mustClose()) {
                  ctx.header("Connection", "close");
                }
              }
            });
    later(ctx, answered, (c, batch) -> write(c, mediaType, instance, batch, client));
  }

  /** While the fetch waits, a client that leaves withdraws it, so it takes no records. */
  private void withdrawWhenGone(ClientConnection client, CompletableFuture<Batch> fetch) {
    if (fetch.isDone()) {
      return;
    }
    ScheduledFuture<?> probing =
        probes.scheduleWithFixedDelay(
            () -> {
              if (!fetch.isDone() && client.gone()) {
                fetch.cancel(false);
              }
            },
            PROBE_INTERVAL.toMillis(),
            PROBE_INTERVAL.toMillis(),
            TimeUnit.MILLISECONDS);
    fetch.whenComplete((batch, error) -> probing.cancel(false));
  }

  /** Most fetches are answered before their first probe: cancelled probes leave the queue. */
  private static ScheduledThreadPoolExecutor probes() {
    ScheduledThreadPoolExecutor probes =
        new ScheduledThreadPoolExecutor(
            1, ThreadUtils.createThreadFactory("sluice-client-probe", true));
    probes.setRemoveOnCancelPolicy(true);
    return probes;
  }

  /** Ends open streams cleanly, before the server stops taking requests. */
  void endStreams() {
    streams.endAll();
  }

  /** Stops watching waiting clients and ticking streams. */
  void close() {
    probes.shutdownNow();
    streams.close();
  }

  private void commit(Context ctx) {
    Wire.Offsets body = Json.read(ctx, Wire.Offsets.class, null);
    List<PartitionOffset> offsets = body == null ? List.of() : Requests.offsets(body);
    guard.requireConsume(ctx, offsets.stream().map(PartitionOffset::topic).toList());
    ConsumerInstance instance = instance(ctx);
    CompletableFuture<List<CommittedOffset>> commit =
        body == null ? instance.commitDelivered() : instance.commit(offsets);
    later(ctx, commit, (c, committed) -> Json.answer(c, 200, Requests.commitResults(committed)));
  }

  private void committed(Context ctx) {
    Wire.Partitions body = Json.read(ctx, Wire.Partitions.class, null);
    ConsumerInstance instance = instance(ctx);
    List<TopicPartition> partitions =
        guard.consumable(ctx, Requests.partitions(body, ctx.queryParamMap()));
    later(
        ctx,
        partitions.isEmpty() ? instance.committedOfAssignment() : instance.committed(partitions),
        (c, offsets) -> Json.answer(c, 200, Requests.offsetsAnswer(offsets)));
  }

  private ConsumerInstance instance(Context ctx) {
    return guard.instance(ctx, registry);
  }

  private FetchRequest fetchRequest(Context ctx, ConsumerInstance instance) {
    Duration timeout =
        Queries.queryMillis(ctx, "timeout")
            .orElse(instance.requestTimeout().orElse(settings.requestTimeout()));
    if (timeout.compareTo(settings.requestTimeoutMax()) > 0) {
      timeout = settings.requestTimeoutMax();
    }
    long maxBytes =
        Math.min(
            Queries.queryLong(ctx, "max_bytes", 1).orElse(settings.requestMaxBytes()),
            settings.requestMaxBytes());
    int maxRecords =
        (int)
            Math.min(
                Queries.queryLong(ctx, "max_records", 1).orElse((long) Integer.MAX_VALUE),
                Integer.MAX_VALUE);
    return new FetchRequest(timeout, maxBytes, instance.fetchMinBytes(), maxRecords);
  }

  private String baseUri(Context ctx, ConsumerInstance instance) {
    String base = settings.advertisedUrl().orElseGet(() -> ctx.scheme() + "://" + ctx.host());
    return base
        + "/consumers/"
        + segment(instance.group())
        + "/instances/"
        + segment(instance.id());
  }

  /** A name as one URI path segment: every character outside [A-Za-z0-9.*_-] percent-encoded. */
  private static String segment(String name) {
    return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /**
   * Streams the batch. The records count as delivered only once the answer was written out; if the
   * client went away (before or while writing) they return to the head of the instance's buffer.
   */
  private void write(
      Context ctx,
      String mediaType,
      ConsumerInstance instance,
      Batch batch,
      ClientConnection client) {
    if (client.finish()) {
      batch.undelivered();
      log.info(
          "Client of {}/{} left before its answer; {} records go back to the buffer",
          instance.group(),
          instance.id(),
          batch.records().size());
      return;
    }
    if (client.mustClose()) {
      ctx.header("Connection", "close");
    }
    int generation = instance.rebalances().generation();
    if (generation >= 0) {
      ctx.header(GENERATION, Integer.toString(generation));
    }
    ctx.header(ASSIGNMENT_CHANGED, Boolean.toString(instance.assignmentChangedSinceLastAnswer()));
    ctx.status(200).contentType(mediaType);
    try {
      // Records of partitions revoked since the batch was taken are not this client's any more.
      RecordsAnswer.writeArray(ctx, batch.stillHeld(), !settings.httpCompression());
    } catch (IOException | RuntimeException e) {
      batch.undelivered();
      log.info(
          "Answer to {}/{} failed; its {} records go back to the buffer: {}",
          instance.group(),
          instance.id(),
          batch.records().size(),
          e.toString());
      return;
    } catch (Error e) {
      // Settled even then (out of memory rendering a huge answer): the instance must not wedge.
      batch.undelivered();
      throw e;
    }
    batch.delivered();
  }

  /** Answers asynchronously: no Jetty thread waits while the instance works. */
  static <T> void later(Context ctx, CompletableFuture<T> future, BiConsumer<Context, T> render) {
    ctx.future(() -> future.thenAccept(value -> render.accept(ctx, value)));
  }
}
