package io.sluice.consumer;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The one thread that owns an instance's {@link Consumer}. It polls continuously, whether or not a
 * client fetches, so heartbeats flow and {@code max.poll.interval.ms} never evicts a slow client;
 * it pauses all assigned partitions while the buffer is full and keeps polling.
 *
 * <p>Other threads never call the consumer: they {@link #submit} commands, which run between polls,
 * and wait on the returned future. {@link Consumer#wakeup()} is the only cross-thread call; a
 * command or callback it interrupts is retried. Every failure is logged with the instance id and
 * the loop keeps running until {@link #close}.
 */
final class PollLoop implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(PollLoop.class);
  private static final Duration POLL_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private record Command<T>(
      Function<Consumer<byte[], byte[]>, T> action, CompletableFuture<T> result) {
    void run(Consumer<byte[], byte[]> consumer, Executor completer) {
      try {
        T value = retryingWakeups(() -> action.apply(consumer));
        completer.execute(() -> result.complete(value));
      } catch (RuntimeException e) {
        RuntimeException translated = KafkaErrors.translate(e);
        completer.execute(() -> result.completeExceptionally(translated));
      }
    }
  }

  private final String instanceId;
  private final Consumer<byte[], byte[]> consumer;
  private final RecordBuffer buffer;
  private final Executor completer;
  private final ConsumerMetrics metrics;
  private final Duration autoCommitInterval;
  private final boolean autoCommit;
  private final BlockingQueue<Command<?>> commands = new LinkedBlockingQueue<>();
  private final OffsetCommitter committer;
  private final Assignment assignment;
  private final Rebalances rebalances = new Rebalances();
  private volatile boolean running = true;
  private volatile GroupMembershipOperation onClose = GroupMembershipOperation.LEAVE_GROUP;
  private volatile ConsumerException failed;
  private volatile boolean polling;
  private volatile Instant lastPoll;
  private volatile boolean paused;
  private volatile int pausedPartitions;
  private long nextAutoCommit;

  PollLoop(
      String instanceId,
      Consumer<byte[], byte[]> consumer,
      RecordBuffer buffer,
      DeliveredOffsets delivered,
      Executor completer,
      ConsumerMetrics metrics,
      boolean autoCommit,
      Duration autoCommitInterval) {
    this.instanceId = instanceId;
    this.consumer = consumer;
    this.buffer = buffer;
    this.completer = completer;
    this.metrics = metrics;
    this.autoCommit = autoCommit;
    this.autoCommitInterval = autoCommitInterval;
    this.committer = new OffsetCommitter(consumer, delivered, metrics);
    this.assignment =
        new Assignment(
            instanceId,
            consumer,
            buffer,
            delivered,
            committer,
            rebalances,
            metrics,
            autoCommit,
            () -> paused);
  }

  /** When the consumer last returned from a poll, if it ever polled. */
  Optional<Instant> lastPoll() {
    return Optional.ofNullable(lastPoll);
  }

  /** Whether the loop was told to stop: the instance is leaving its group. */
  boolean closing() {
    return !running;
  }

  /** Subscription, assignment and seeks, for commands that run on this loop. */
  Assignment assignment() {
    return assignment;
  }

  Rebalances rebalances() {
    return rebalances;
  }

  /** Why the member can no longer consume (Kafka fenced or refused it), or null while it can. */
  ConsumerException failed() {
    return failed;
  }

  /** Commits, for commands that run on this loop. */
  OffsetCommitter committer() {
    return committer;
  }

  /** Runs {@code action} on the loop thread between polls. */
  <T> CompletableFuture<T> submit(Function<Consumer<byte[], byte[]>, T> action) {
    Command<T> command = new Command<>(action, new CompletableFuture<>());
    commands.add(command);
    if (!running) {
      failPendingCommands();
    } else {
      // Always: a command queued just before the loop starts polling must not wait a whole poll.
      // A wakeup that finds no poll is absorbed by the next call (retried, see retryingWakeups).
      consumer.wakeup();
    }
    return command.result();
  }

  int pausedPartitions() {
    return pausedPartitions;
  }

  /** Whether the consumer has a subscription or assignment, so fetching makes sense. */
  boolean active() {
    return assignment.mode() != Assignment.Mode.NONE;
  }

  /** Called when a fetch drained the buffer, so a paused loop resumes without waiting. */
  void drained() {
    if (paused && polling && buffer.drained()) {
      consumer.wakeup();
    }
  }

  /**
   * Stops the loop; the thread then commits (if auto-committing) and closes the consumer, which
   * leaves its group or, with {@code DEFAULT}, keeps a static member's place for a restart.
   */
  void stop(GroupMembershipOperation membership) {
    if (failed == null) {
      // A fenced or refused member keeps REMAIN_IN_GROUP: its leave would be refused anyway.
      onClose = membership;
    }
    running = false;
    consumer.wakeup();
  }

  @Override
  public void run() {
    MDC.put("instance", instanceId);
    try {
      while (running) {
        try {
          iterate();
        } catch (InterruptException e) {
          log.warn("Consumer {} was interrupted; closing it", instanceId);
          running = false;
        } catch (RuntimeException e) {
          pollFailed(e);
        } catch (Error e) {
          // Out of memory or stack: this thread cannot go on, but its clients must learn why.
          log.error("Poll loop of consumer {} died; closing the instance", instanceId, e);
          failed =
              new ConsumerException(
                  ConsumerException.Kind.ILLEGAL_STATE,
                  "Consumer instance "
                      + instanceId
                      + " stopped: the gateway ran out of "
                      + (e instanceof StackOverflowError ? "stack" : "memory")
                      + " while polling; delete it and create it again");
          running = false;
          buffer.fail(failed);
        }
      }
    } finally {
      shutDown();
      MDC.remove("instance");
    }
  }

  private void iterate() {
    runCommands();
    if (!active() || failed != null) {
      waitForCommand(POLL_TIMEOUT);
      return;
    }
    applyBackPressure();
    ConsumerRecords<byte[], byte[]> records;
    polling = true;
    try {
      records = consumer.poll(POLL_TIMEOUT);
    } catch (WakeupException e) {
      return;
    } finally {
      polling = false;
      lastPoll = Instant.now();
    }
    if (!records.isEmpty()) {
      buffer.add(records);
    }
    buffer.renderPendingAgain();
    if (autoCommit && System.nanoTime() - nextAutoCommit >= 0) {
      nextAutoCommit = System.nanoTime() + autoCommitInterval.toNanos();
      autoCommit();
    }
  }

  /** A failed auto-commit is retried at the next interval; it is no error for fetching clients. */
  private void autoCommit() {
    try {
      committer.commitAcknowledged(consumer.assignment());
    } catch (InterruptException e) {
      throw e;
    } catch (RuntimeException e) {
      log.warn("Consumer {} could not auto-commit delivered offsets: {}", instanceId, e.toString());
    }
  }

  private void applyBackPressure() {
    if (!paused && buffer.full()) {
      paused = true;
    } else if (paused && buffer.drained()) {
      paused = false;
    }
    if (paused) {
      consumer.pause(consumer.assignment());
    } else if (!consumer.paused().isEmpty()) {
      consumer.resume(consumer.paused());
    }
    pausedPartitions = consumer.paused().size();
  }

  private void runCommands() {
    Command<?> command;
    while ((command = commands.poll()) != null) {
      command.run(consumer, completer);
    }
  }

  private void waitForCommand(Duration timeout) {
    try {
      Command<?> command = commands.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (command != null) {
        command.run(consumer, completer);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  /**
   * Waiting fetches learn why polling failed. A failure that ends the membership (fenced by another
   * member with this {@code group.instance.id}, group settings the broker refuses) stops consuming
   * for good: polling again would only fence the other member in turn, or fail the same way.
   */
  private void pollFailed(RuntimeException e) {
    metrics.pollFailed();
    RuntimeException translated = KafkaErrors.translate(e);
    if (KafkaErrors.endsMembership(e)) {
      log.warn("Consumer {} stops consuming: {}", instanceId, translated.getMessage());
      failed = (ConsumerException) translated;
      onClose = GroupMembershipOperation.REMAIN_IN_GROUP;
      assignment.abandon();
      buffer.fail(failed);
      return;
    }
    if (translated instanceof ConsumerException) {
      log.warn("Consumer {} cannot poll: {}", instanceId, translated.getMessage());
    } else {
      log.error("Poll loop of consumer {} failed; it keeps running", instanceId, e);
    }
    buffer.fail(translated);
    waitForCommand(POLL_TIMEOUT);
  }

  private void shutDown() {
    try {
      if (autoCommit && active() && failed == null) {
        committer.commitAcknowledged(consumer.assignment());
      }
    } catch (RuntimeException e) {
      log.warn("Consumer {} could not commit delivered offsets on close", instanceId, e);
    }
    try {
      consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT).withGroupMembershipOperation(onClose));
    } catch (RuntimeException e) {
      log.warn("Consumer {} did not close cleanly", instanceId, e);
    }
    buffer.close();
    failPendingCommands();
    log.info("Consumer {} closed", instanceId);
  }

  private void failPendingCommands() {
    Command<?> command;
    while ((command = commands.poll()) != null) {
      command.result().completeExceptionally(ConsumerException.closed(instanceId));
    }
  }

  static <T> T retryingWakeups(Supplier<T> call) {
    while (true) {
      try {
        return call.get();
      } catch (WakeupException e) {
        // A wakeup meant for poll() landed here; the call itself is still wanted.
      }
    }
  }
}
