package io.sluice.consumer;

import io.micrometer.core.instrument.Timer;
import io.sluice.format.RecordFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer-group member behind the HTTP API: the thread-safe face of a {@link PollLoop}.
 *
 * <p>Threading: one platform thread, named after the instance, runs the poll loop and is the only
 * thread that calls the Kafka consumer. Every method here may be called from any thread; methods
 * that need the consumer submit a command to the loop and return a future that completes off the
 * loop thread. Fetches are served one at a time in arrival order from the instance's {@link
 * RecordBuffer}. {@link #close} is idempotent and blocks until the member has left its group.
 */
public final class ConsumerInstance {
  private static final Logger log = LoggerFactory.getLogger(ConsumerInstance.class);
  private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(15);

  private final String group;
  private final String id;
  private final ConsumerSpec spec;
  private final Owner owner;
  private final PollLoop loop;
  private final RecordBuffer buffer;
  private final DeliveredOffsets delivered;
  private final Thread thread;
  private final ConsumerMetrics metrics;
  private final AutoCloseable kafkaMetrics;
  private final InstanceInsight insight;
  private final Instant created = Instant.now();
  private volatile Instant lastUsed = created;
  private final AtomicLong rebalancesAtLastAnswer = new AtomicLong();
  private final AtomicReference<InstanceStream> stream = new AtomicReference<>();

  ConsumerInstance(
      String id,
      ConsumerSpec spec,
      Owner owner,
      Consumer<byte[], byte[]> consumer,
      InstanceResources resources,
      Duration autoCommitInterval) {
    this.group = spec.group();
    this.id = id;
    this.spec = spec;
    this.owner = owner;
    this.metrics = resources.metrics();
    this.kafkaMetrics = metrics.bind(consumer);
    this.delivered = new DeliveredOffsets(metrics, new StreamLedger(resources.completer()));
    this.buffer =
        new RecordBuffer(
            resources.bufferMaxBytes(),
            resources.bufferMaxRecords(),
            spec.format(),
            delivered,
            resources.timer(),
            resources.completer());
    this.loop =
        new PollLoop(
            id,
            consumer,
            buffer,
            delivered,
            resources.completer(),
            metrics,
            spec.autoCommit(),
            autoCommitInterval);
    this.insight = new InstanceInsight(id, spec, loop, buffer, delivered);
    this.thread = new Thread(loop, "sluice-consumer-" + group + "-" + id);
    thread.setDaemon(true);
    thread.start();
  }

  public String group() {
    return group;
  }

  public String id() {
    return id;
  }

  /** The name of the principal that created this instance. */
  public String owner() {
    return owner.name();
  }

  public RecordFormat format() {
    return spec.format();
  }

  /** The static membership id, when the instance has one. */
  public Optional<String> groupInstanceId() {
    return spec.groupInstanceId();
  }

  /** How long the instance may sit unused before it expires, if it was created with its own. */
  Optional<Duration> instanceTimeout() {
    return spec.instanceTimeout();
  }

  /**
   * The client made a request to this instance, so it has every answer written to it before: those
   * records are now what auto-commit may commit.
   */
  public void acknowledge() {
    lastUsed = Instant.now();
    delivered.acknowledge();
  }

  /** Everything an operator may want to know; {@code expires} comes from the registry. */
  CompletableFuture<InstanceStatus> status(Instant expires) {
    return loop.submit(consumer -> insight.status(consumer, created, lastUsed, expires));
  }

  /** Per assigned partition: position, delivered, committed and log end offsets. */
  public CompletableFuture<List<PartitionLag>> lag() {
    return loop.submit(insight::lag);
  }

  /**
   * Whether the group changed this instance's assignment since the previous answer to a fetch (or,
   * for the first answer, ever): a client committing manually should stop trusting what it holds.
   */
  public boolean assignmentChangedSinceLastAnswer() {
    long now = loop.rebalances().completed();
    return rebalancesAtLastAnswer.getAndSet(now) != now;
  }

  /** The committed offsets of every partition the instance holds. */
  public CompletableFuture<List<PartitionOffset>> committedOfAssignment() {
    return loop.submit(consumer -> loop.committer().committed(loop.assignment().partitions()));
  }

  /** The assignments and revocations the group made, for insight and tests. */
  public Rebalances rebalances() {
    return loop.rebalances();
  }

  /** The fetch timeout the instance was created with, if any. */
  public Optional<Duration> requestTimeout() {
    return spec.requestTimeout();
  }

  public long fetchMinBytes() {
    return spec.fetchMinBytes();
  }

  /** Subscribes to these topics; 40401 when one does not exist (Sluice never creates topics). */
  public CompletableFuture<Void> subscribe(List<String> topics) {
    return run(assignment -> assignment.subscribe(topics));
  }

  public CompletableFuture<Void> subscribe(Pattern pattern) {
    return run(assignment -> assignment.subscribe(pattern));
  }

  /** The subscribed topics (for a pattern, the topics it currently matches). */
  public CompletableFuture<List<String>> subscription() {
    return loop.submit(consumer -> List.copyOf(new TreeSet<>(consumer.subscription())));
  }

  /** Drops the subscription or the manual assignment. */
  public CompletableFuture<Void> unsubscribe() {
    return run(Assignment::unsubscribe);
  }

  /** Assigns these partitions manually, replacing an earlier manual assignment. */
  public CompletableFuture<Void> assign(List<TopicPartition> partitions) {
    return run(assignment -> assignment.assign(partitions));
  }

  /** The partitions held now, from the group or manually, sorted by topic and partition. */
  public CompletableFuture<List<TopicPartition>> assignment() {
    return loop.submit(consumer -> loop.assignment().partitions());
  }

  /** Moves the positions; the next fetch starts exactly there. */
  public CompletableFuture<Void> seek(Map<TopicPartition, Long> offsets) {
    return run(assignment -> assignment.seek(offsets));
  }

  /** Moves each partition to its first record at or after the timestamp (epoch ms), or the end. */
  public CompletableFuture<Void> seekToTimes(Map<TopicPartition, Long> timestamps) {
    return run(assignment -> assignment.seekToTimes(timestamps));
  }

  public CompletableFuture<Void> seekToBeginning(Collection<TopicPartition> partitions) {
    return run(assignment -> assignment.seekToBeginning(partitions));
  }

  public CompletableFuture<Void> seekToEnd(Collection<TopicPartition> partitions) {
    return run(assignment -> assignment.seekToEnd(partitions));
  }

  private CompletableFuture<Void> run(java.util.function.Consumer<Assignment> action) {
    return loop.submit(
        consumer -> {
          action.accept(loop.assignment());
          return null;
        });
  }

  /**
   * Waits for records as the request says. The returned batch must be settled ({@link
   * Batch#delivered()} or {@link Batch#undelivered()}) once the answer was written or failed.
   * Cancelling the future while it waits withdraws the fetch (its client went away).
   */
  public CompletableFuture<Batch> fetch(FetchRequest request) {
    if (stream.get() != null) {
      return CompletableFuture.failedFuture(streamOpen());
    }
    return fetchRecords(request);
  }

  /**
   * Opens the instance's one stream; while it is open, fetches and other streams are refused with
   * 40905.
   */
  public InstanceStream openStream() {
    requireConsuming();
    requireActive();
    InstanceStream opened =
        new InstanceStream(this, delivered, loop.rebalances(), spec.autoCommit());
    if (!stream.compareAndSet(null, opened)) {
      throw streamOpen();
    }
    return opened;
  }

  void streamClosed(InstanceStream closed) {
    stream.compareAndSet(closed, null);
  }

  private ConsumerException streamOpen() {
    return new ConsumerException(
        ConsumerException.Kind.STREAM_OPEN,
        "Consumer instance "
            + id
            + " is streaming to another connection; one stream (or fetch) at a time: close that"
            + " stream first");
  }

  /** Whether the instance is closing or closed. */
  boolean closing() {
    return loop.closing();
  }

  /** Commits now what auto-commit would commit at its next interval. */
  CompletableFuture<List<CommittedOffset>> commitAcknowledged() {
    return loop.submit(consumer -> loop.committer().commitAcknowledged(consumer.assignment()));
  }

  CompletableFuture<Batch> fetchRecords(FetchRequest request) {
    if (loop.failed() != null) {
      return CompletableFuture.failedFuture(loop.failed());
    }
    if (!loop.active()) {
      return CompletableFuture.failedFuture(notConsuming());
    }
    Timer.Sample sample = metrics.startTimer();
    CompletableFuture<Batch> fetch = buffer.fetch(request);
    fetch.whenComplete(
        (batch, error) -> {
          metrics.fetched(sample);
          // Taking records may have drained a full buffer: let a paused loop resume at once.
          loop.drained();
        });
    return fetch;
  }

  /** Commits the offsets of every record delivered to clients and not yet committed. */
  public CompletableFuture<List<CommittedOffset>> commitDelivered() {
    return loop.submit(
        consumer -> {
          requireConsuming();
          return loop.committer().commitDelivered(consumer.assignment());
        });
  }

  /** Commits {@code offset + 1} for each entry (the entries name the last consumed records). */
  public CompletableFuture<List<CommittedOffset>> commit(List<PartitionOffset> consumed) {
    return loop.submit(
        consumer -> {
          requireConsuming();
          return loop.committer().commitConsumed(consumed);
        });
  }

  /** The group's committed offsets for these partitions; partitions without one are left out. */
  public CompletableFuture<List<PartitionOffset>> committed(Collection<TopicPartition> partitions) {
    return loop.submit(consumer -> loop.committer().committed(partitions));
  }

  private void requireConsuming() {
    if (loop.failed() != null) {
      throw loop.failed();
    }
  }

  private void requireActive() {
    if (!loop.active()) {
      throw notConsuming();
    }
  }

  private ConsumerException notConsuming() {
    return new ConsumerException(
        ConsumerException.Kind.ILLEGAL_STATE,
        "Consumer instance "
            + id
            + " is not subscribed to any topics or assigned any partitions; subscribe first");
  }

  public int bufferedRecords() {
    return buffer.records();
  }

  public long bufferedBytes() {
    return buffer.bytes();
  }

  public int waitingFetches() {
    return buffer.waitingFetches();
  }

  public int pausedPartitions() {
    return loop.pausedPartitions();
  }

  /** Answers waiting and future fetches at once with what is buffered (shutting down). */
  void stopWaiting() {
    buffer.close();
  }

  /** Stops the loop, which commits (if auto-committing) and leaves the group; idempotent. */
  public void close() {
    close(GroupMembershipOperation.LEAVE_GROUP);
  }

  /**
   * Stops the loop, which commits (if auto-committing) and closes the consumer; {@code DEFAULT}
   * keeps a static member in its group until its session times out, so that an instance created
   * again with the same {@code group.instance.id} gets the same partitions without a rebalance.
   */
  public void close(GroupMembershipOperation membership) {
    loop.stop(membership);
    try {
      if (Thread.currentThread() != thread) {
        thread.join(JOIN_TIMEOUT.toMillis());
        if (thread.isAlive()) {
          log.warn("Consumer {} did not close within {}", id, JOIN_TIMEOUT);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      unbindKafkaMetrics();
    }
  }

  private void unbindKafkaMetrics() {
    try {
      kafkaMetrics.close();
    } catch (Exception e) {
      log.warn("Consumer {} could not unbind its Kafka metrics", id, e);
    }
  }
}
