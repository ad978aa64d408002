package io.sluice.consumer;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.TopicPartition;

/**
 * The one open stream of an instance (see {@link ConsumerInstance#openStream()}): fetches for it,
 * what it sent, what it may resend, and the room {@code max_uncommitted} leaves. While it is open,
 * other fetches of the instance are refused. Thread-safe; close it when the stream ends.
 */
public final class InstanceStream implements AutoCloseable {
  private final ConsumerInstance instance;
  private final DeliveredOffsets delivered;
  private final Rebalances rebalances;
  private final boolean autoCommit;
  private final AtomicBoolean open = new AtomicBoolean(true);
  private final AtomicBoolean committing = new AtomicBoolean();
  private long rebalancesSeen;

  InstanceStream(
      ConsumerInstance instance,
      DeliveredOffsets delivered,
      Rebalances rebalances,
      boolean autoCommit) {
    this.instance = instance;
    this.delivered = delivered;
    this.rebalances = rebalances;
    this.autoCommit = autoCommit;
    this.rebalancesSeen = rebalances.recorded();
  }

  /** Waits for records, as {@link ConsumerInstance#fetch} does for a batch answer. */
  public CompletableFuture<Batch> fetch(FetchRequest request) {
    return instance.fetchRecords(request);
  }

  /**
   * The batch was written and flushed: its records are delivered, acknowledged (the client has
   * them, so auto-commit may commit them) and uncommitted until a commit covers them.
   */
  public void sent(Batch batch) {
    batch.sent();
    instance.acknowledge();
  }

  /** Whether a record of this partition may still be sent (the instance owns it). */
  public boolean owns(TopicPartition partition) {
    return delivered.owns(partition);
  }

  /**
   * What was sent after the record a reconnecting client names ({@code Last-Event-ID}) and not
   * committed since, in the order it was sent.
   */
  public List<RenderedRecord> sentAfter(TopicPartition partition, long offset) {
    return delivered.streamed().after(partition, offset);
  }

  /**
   * Completes once fewer than {@code maxUncommitted} sent records are uncommitted. An auto-commit
   * instance commits what it sent from half the bound on, rather than wait for its next interval.
   */
  public CompletableFuture<Void> room(int maxUncommitted) {
    if (autoCommit && uncommitted() >= Math.max(1, maxUncommitted / 2)) {
      commitSent();
    }
    return delivered.streamed().room(maxUncommitted);
  }

  /** One commit at a time, begun at half the bound so the stream rarely waits for it. */
  private void commitSent() {
    if (committing.compareAndSet(false, true)) {
      instance.commitAcknowledged().whenComplete((committed, error) -> committing.set(false));
    }
  }

  /** How many sent records are uncommitted. */
  public int uncommitted() {
    return delivered.streamed().size();
  }

  /** The rebalance events since the previous call (or since the stream opened), oldest first. */
  public synchronized List<Rebalances.Event> newRebalances() {
    Rebalances.Fresh fresh = rebalances.since(rebalancesSeen);
    rebalancesSeen = fresh.recorded();
    return fresh.events();
  }

  /** Whether the instance was closed (deleted, expired, or the gateway is stopping). */
  public boolean instanceClosed() {
    return instance.closing();
  }

  /** Ends the stream: the instance accepts fetches and a new stream again. Idempotent. */
  @Override
  public void close() {
    if (open.compareAndSet(true, false)) {
      instance.streamClosed(this);
    }
  }
}
