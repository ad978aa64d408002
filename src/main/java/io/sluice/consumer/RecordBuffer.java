package io.sluice.consumer;

import io.sluice.format.RecordFormat;
import io.sluice.format.SchemasUnavailableException;
import io.sluice.format.UnrenderableRecordException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The prefetched records of one instance and the fetches waiting for them.
 *
 * <p>Thread-safe; one lock guards records and waiting fetches. The poll loop adds and drops
 * records; HTTP threads fetch. Fetches are served one at a time in arrival order: the next one is
 * answered only after the previous batch was settled, so each fetch gets distinct records and an
 * undelivered batch can return to the head in order. Futures are completed on {@code completer},
 * never while holding the lock and never on the poll loop thread.
 *
 * <p>The poll loop renders records as it adds them (outside the lock), so fetches copy bytes.
 *
 * <p>Cancelling a fetch's future withdraws it: its client went away, so it takes no records.
 *
 * <p>The bounds are soft: one poll may overshoot them; the loop pauses its partitions while the
 * buffer is above them and resumes once it has drained to half.
 */
final class RecordBuffer {
  private static final Duration RENDER_AGAIN_INTERVAL = Duration.ofSeconds(1);

  private final ReentrantLock lock = new ReentrantLock();
  private final ArrayDeque<RenderedRecord> records = new ArrayDeque<>();

  /** Poll loop's thread only, as {@link #waitingForSchemas}. */
  private long nextRenderAgain = System.nanoTime();

  /**
   * Set while records wait for the schema registry: new ones wait behind them without asking. Read
   * and written by the poll loop's thread only.
   */
  private SchemasUnavailableException waitingForSchemas;

  private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
  private final Set<TopicPartition> droppedWhileOutstanding = new HashSet<>();
  private final long maxBytes;
  private final int maxRecords;
  private final RecordFormat format;
  private final ScheduledExecutorService timer;
  private final Executor completer;
  private final DeliveredOffsets delivered;
  private long bytes;
  private boolean batchOutstanding;
  private boolean closed;

  RecordBuffer(
      long maxBytes,
      int maxRecords,
      RecordFormat format,
      DeliveredOffsets delivered,
      ScheduledExecutorService timer,
      Executor completer) {
    this.maxBytes = maxBytes;
    this.maxRecords = maxRecords;
    this.format = format;
    this.delivered = delivered;
    this.timer = timer;
    this.completer = completer;
  }

  private static final class Waiting {
    final FetchRequest request;
    final CompletableFuture<Batch> future = new CompletableFuture<>();
    boolean expired;

    Waiting(FetchRequest request) {
      this.request = request;
    }
  }

  CompletableFuture<Batch> fetch(FetchRequest request) {
    Waiting fetch = new Waiting(request);
    List<Runnable> completions = new ArrayList<>();
    lock.lock();
    try {
      if (closed) {
        completions.add(() -> fetch.future.complete(Batch.empty()));
      } else {
        waiting.add(fetch);
        dispatch(completions);
      }
    } finally {
      lock.unlock();
    }
    run(completions);
    if (!fetch.future.isDone()) {
      ScheduledFuture<?> expiry =
          timer.schedule(() -> expire(fetch), request.timeout().toMillis(), TimeUnit.MILLISECONDS);
      // The expiry task holds the fetch and its records: it must not outlive the answer.
      fetch.future.whenComplete(
          (batch, error) -> {
            expiry.cancel(false);
            if (fetch.future.isCancelled()) {
              withdraw(fetch);
            }
          });
    }
    return fetch.future;
  }

  /** A cancelled fetch (its client went away) leaves the queue; the one behind it moves up. */
  private void withdraw(Waiting fetch) {
    List<Runnable> completions = new ArrayList<>();
    lock.lock();
    try {
      waiting.remove(fetch);
      dispatch(completions);
    } finally {
      lock.unlock();
    }
    run(completions);
  }

  /** Called by the poll loop with what it polled. */
  void add(Iterable<ConsumerRecord<byte[], byte[]>> polled) {
    List<RenderedRecord> rendered = Rendering.render(polled, format, waitingForSchemas);
    rendered.stream()
        .filter(record -> record.pending() != null)
        .findFirst()
        .ifPresent(
            record -> {
              if (waitingForSchemas == null) {
                // The registry just failed to answer: ask it again in a while, not at once.
                nextRenderAgain = System.nanoTime() + RENDER_AGAIN_INTERVAL.toNanos();
              }
              waitingForSchemas = (SchemasUnavailableException) record.problem();
            });
    List<Runnable> completions = new ArrayList<>();
    lock.lock();
    try {
      for (RenderedRecord record : rendered) {
        records.add(record);
        bytes += record.size();
      }
      dispatch(completions);
    } finally {
      lock.unlock();
    }
    run(completions);
  }

  /**
   * Called by the poll loop: renders again, in order and at most once a second, the records that
   * waited for the schema registry; stops at the first that still has to wait.
   */
  void renderPendingAgain() {
    if (waitingForSchemas == null) {
      // Nothing waits (the usual case): no lock, no look at the records.
      return;
    }
    List<RenderedRecord> pending;
    lock.lock();
    try {
      if (System.nanoTime() - nextRenderAgain < 0) {
        return;
      }
      nextRenderAgain = System.nanoTime() + RENDER_AGAIN_INTERVAL.toNanos();
      pending = records.stream().filter(record -> record.pending() != null).toList();
    } finally {
      lock.unlock();
    }
    Map<RenderedRecord, RenderedRecord> rendered = new IdentityHashMap<>();
    boolean stillWaiting = false;
    for (RenderedRecord record : pending) {
      RenderedRecord again = Rendering.renderAgain(record, format);
      if (again.pending() != null) {
        stillWaiting = true;
        break;
      }
      rendered.put(record, again);
    }
    if (!stillWaiting) {
      waitingForSchemas = null;
    }
    if (rendered.isEmpty()) {
      return;
    }
    List<Runnable> completions = new ArrayList<>();
    lock.lock();
    try {
      // Revoked or sought meanwhile: a record no longer here is not put back.
      List<RenderedRecord> current = new ArrayList<>(records);
      records.clear();
      current.forEach(record -> records.add(rendered.getOrDefault(record, record)));
      dispatch(completions);
    } finally {
      lock.unlock();
    }
    run(completions);
  }

  /** Forgets the records of partitions this instance no longer owns. */
  void drop(Collection<TopicPartition> partitions) {
    Set<TopicPartition> gone = Set.copyOf(partitions);
    lock.lock();
    try {
      records.removeIf(
          r -> {
            boolean drop = gone.contains(r.partition());
            if (drop) {
              bytes -= r.size();
            }
            return drop;
          });
      if (batchOutstanding) {
        droppedWhileOutstanding.addAll(gone);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Answers every waiting fetch with this failure (a poll error the clients must see). */
  void fail(RuntimeException error) {
    List<Runnable> completions = new ArrayList<>();
    lock.lock();
    try {
      for (Waiting fetch : waiting) {
        completions.add(() -> fetch.future.completeExceptionally(error));
      }
      waiting.clear();
    } finally {
      lock.unlock();
    }
    run(completions);
  }

  /** Answers waiting fetches with what is there and refuses to hold more. */
  void close() {
    List<Runnable> completions = new ArrayList<>();
    lock.lock();
    try {
      closed = true;
      dispatch(completions);
    } finally {
      lock.unlock();
    }
    run(completions);
  }

  boolean full() {
    lock.lock();
    try {
      return bytes >= maxBytes || records.size() >= maxRecords;
    } finally {
      lock.unlock();
    }
  }

  boolean drained() {
    lock.lock();
    try {
      return bytes <= maxBytes / 2 && records.size() <= maxRecords / 2;
    } finally {
      lock.unlock();
    }
  }

  int records() {
    lock.lock();
    try {
      return records.size();
    } finally {
      lock.unlock();
    }
  }

  int waitingFetches() {
    lock.lock();
    try {
      return waiting.size();
    } finally {
      lock.unlock();
    }
  }

  long bytes() {
    lock.lock();
    try {
      return bytes;
    } finally {
      lock.unlock();
    }
  }

  private void expire(Waiting fetch) {
    List<Runnable> completions = new ArrayList<>();
    lock.lock();
    try {
      fetch.expired = true;
      if (waiting.peek() != fetch || batchOutstanding) {
        // Queued behind another fetch: it gets nothing rather than waiting past its timeout.
        if (waiting.remove(fetch)) {
          completions.add(() -> fetch.future.complete(Batch.empty()));
        }
      }
      dispatch(completions);
    } finally {
      lock.unlock();
    }
    run(completions);
  }

  private void dispatch(List<Runnable> completions) {
    while (!batchOutstanding && !waiting.isEmpty()) {
      Waiting head = waiting.peek();
      // Zero-byte records (null key, empty value) still count: a non-empty buffer has 1 byte.
      long available = records.isEmpty() ? 0 : Math.max(1, bytes);
      if (!closed && !head.expired && available < Math.max(1, head.request.minBytes())) {
        return;
      }
      waiting.poll();
      try {
        Batch batch = take(head.request.maxBytes(), head.request.maxRecords());
        if (!batch.records().isEmpty()) {
          batchOutstanding = true;
        }
        completions.add(
            () -> {
              if (!head.future.complete(batch)) {
                // Withdrawn at the same moment (its client left): the records go back.
                batch.undelivered();
              }
            });
      } catch (UnrenderableRecordException | SchemasUnavailableException e) {
        completions.add(() -> head.future.completeExceptionally(e));
      }
    }
  }

  private Batch take(long limit, int maxRecords) {
    List<RenderedRecord> taken = new ArrayList<>();
    long takenBytes = 0;
    for (Iterator<RenderedRecord> it = records.iterator();
        it.hasNext() && taken.size() < maxRecords; ) {
      RenderedRecord record = it.next();
      long size = record.size();
      if (!taken.isEmpty() && takenBytes + size > limit) {
        break;
      }
      RuntimeException problem = record.problem();
      if (problem != null) {
        if (taken.isEmpty()) {
          throw problem;
        }
        break;
      }
      taken.add(record);
      takenBytes += size;
      it.remove();
    }
    bytes -= takenBytes;
    if (taken.isEmpty()) {
      return Batch.empty();
    }
    return new Batch(
        taken, this::settleDelivered, this::settleUndelivered, this::settleSent, this::stillHeld);
  }

  private void settleDelivered(Batch batch) {
    settle(batch.records(), Settled.DELIVERED);
  }

  private void settleUndelivered(Batch batch) {
    settle(batch.records(), Settled.UNDELIVERED);
  }

  private void settleSent(Batch batch) {
    settle(batch.records(), Settled.SENT);
  }

  private enum Settled {
    DELIVERED,
    SENT,
    UNDELIVERED
  }

  private void settle(List<RenderedRecord> batch, Settled how) {
    List<Runnable> completions = new ArrayList<>();
    lock.lock();
    try {
      List<RenderedRecord> current = stillHeld(batch);
      switch (how) {
        case DELIVERED -> delivered.record(current);
        case SENT -> delivered.recordSent(current);
        case UNDELIVERED -> giveBack(current);
      }
      droppedWhileOutstanding.clear();
      batchOutstanding = false;
      dispatch(completions);
    } finally {
      lock.unlock();
    }
    run(completions);
  }

  /** The records of an outstanding batch whose partitions were not dropped since it was taken. */
  private List<RenderedRecord> stillHeld(List<RenderedRecord> batch) {
    lock.lock();
    try {
      return droppedWhileOutstanding.isEmpty()
          ? batch
          : batch.stream().filter(r -> !droppedWhileOutstanding.contains(r.partition())).toList();
    } finally {
      lock.unlock();
    }
  }

  private void giveBack(List<RenderedRecord> giveBack) {
    for (int i = giveBack.size() - 1; i >= 0; i--) {
      RenderedRecord record = giveBack.get(i);
      records.addFirst(record);
      bytes += record.size();
    }
  }

  private void run(List<Runnable> completions) {
    for (Runnable completion : completions) {
      completer.execute(completion);
    }
  }
}
