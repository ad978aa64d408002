package io.sluice.consumer;

import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Records handed to one fetch. Exactly one of {@link #delivered()} or {@link #undelivered()} must
 * follow once the answer was written or failed: the instance serves its next fetch only then, so
 * records that did not reach the client go back to the head of the buffer in order.
 */
public final class Batch {
  private final List<RenderedRecord> records;
  private final Consumer<Batch> onDelivered;
  private final Consumer<Batch> onUndelivered;
  private final Consumer<Batch> onSent;
  private final UnaryOperator<List<RenderedRecord>> stillHeld;
  private boolean settled;

  Batch(
      List<RenderedRecord> records,
      Consumer<Batch> onDelivered,
      Consumer<Batch> onUndelivered,
      Consumer<Batch> onSent,
      UnaryOperator<List<RenderedRecord>> stillHeld) {
    this.records = Collections.unmodifiableList(records);
    this.onDelivered = onDelivered;
    this.onUndelivered = onUndelivered;
    this.onSent = onSent;
    this.stillHeld = stillHeld;
  }

  static Batch empty() {
    return new Batch(List.of(), b -> {}, b -> {}, b -> {}, r -> r);
  }

  public List<RenderedRecord> records() {
    return records;
  }

  /**
   * The records whose partitions this instance still holds: a rebalance or seek since the batch was
   * taken dropped the others, which must then not be sent.
   */
  public List<RenderedRecord> stillHeld() {
    return stillHeld.apply(records);
  }

  /** The client has the records: they count as delivered and commits may cover them. */
  public synchronized void delivered() {
    if (!settled) {
      settled = true;
      onDelivered.accept(this);
    }
  }

  /**
   * A stream wrote and flushed the records: delivered, and uncommitted in the instance's stream
   * ledger until a commit covers them (both at once, so no commit or revocation falls between).
   */
  synchronized void sent() {
    if (!settled) {
      settled = true;
      onSent.accept(this);
    }
  }

  /** The answer failed: the records return to the buffer, ahead of anything fetched since. */
  public synchronized void undelivered() {
    if (!settled) {
      settled = true;
      onUndelivered.accept(this);
    }
  }
}
