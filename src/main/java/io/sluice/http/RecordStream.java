package io.sluice.http;

import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.sluice.consumer.Batch;
import io.sluice.consumer.FetchRequest;
import io.sluice.consumer.InstanceStream;
import io.sluice.consumer.Rebalances;
import io.sluice.consumer.RenderedRecord;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open stream of records to one client, written with Jetty's non-blocking I/O: no thread waits
 * for records or for a slow reader. It writes one chunk at a time — records resent after {@code
 * Last-Event-ID}, rebalance events, a batch from the instance, an error, or a keep-alive — and
 * takes the next batch only once the previous one was written and flushed, which is when its
 * records count as delivered. A reader that does not read thus leaves records in the instance's
 * buffer, which pauses its partitions when full.
 *
 * <p>A tick every second probes whether the client is still there, keeps the instance alive and
 * writes what is due (rebalance events, keep-alives). All state is guarded by this object's lock;
 * writes happen under it, which never blocks in non-blocking mode.
 */
final class RecordStream implements WriteListener {
  private static final Logger log = LoggerFactory.getLogger(RecordStream.class);
  private static final Duration TICK = Duration.ofSeconds(1);
  private static final long CHUNK_BYTES = 1024 * 1024;
  private static final int RESEND_CHUNK_RECORDS = 1000;

  /** What the stream needs from its surroundings. */
  record Options(
      StreamFormat format,
      int maxUncommitted,
      Duration keepAlive,
      ScheduledExecutorService ticks) {}

  private final String name;
  private final InstanceStream stream;
  private final ServletOutputStream out;
  private final ClientConnection client;
  private final Runnable keepInstanceAlive;
  private final Options options;
  private final ArrayDeque<RenderedRecord> resend;
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private ScheduledFuture<?> tick;
  private CompletableFuture<Batch> fetching;
  private CompletableFuture<Void> roomWait;
  private boolean waitingForRoom;
  private Batch ready;
  private Throwable failure;
  private Batch written;
  private boolean flushPending = true;
  private boolean ending;
  private boolean finished;
  private long lastWrite = System.nanoTime();

  RecordStream(
      String name,
      InstanceStream stream,
      ServletOutputStream out,
      ClientConnection client,
      Runnable keepInstanceAlive,
      List<RenderedRecord> resend,
      Options options) {
    this.name = name;
    this.stream = stream;
    this.out = out;
    this.client = client;
    this.keepInstanceAlive = keepInstanceAlive;
    this.resend = new ArrayDeque<>(resend);
    this.options = options;
  }

  /** Starts writing (the response headers first); the future completes when the stream ended. */
  CompletableFuture<Void> start() {
    synchronized (this) {
      tick =
          options
              .ticks()
              .scheduleWithFixedDelay(
                  this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    }
    out.setWriteListener(this);
    return done;
  }

  /** Ends the stream cleanly once what is being written is out (gateway shutting down). */
  void end() {
    synchronized (this) {
      ending = true;
    }
    pump();
  }

  @Override
  public void onWritePossible() {
    pump();
  }

  @Override
  public void onError(Throwable error) {
    synchronized (this) {
      log.info("Stream of {} broke: {}", name, error.toString());
      finish();
    }
  }

  /** Whether the stream ended because its client is gone (probing the connection now). */
  boolean endIfClientLeft() {
    boolean gone = client.gone();
    synchronized (this) {
      if (gone && !finished) {
        log.info("Stream of {} ends: its client left", name);
        finish();
      }
      return finished;
    }
  }

  private void tick() {
    if (endIfClientLeft()) {
      return;
    }
    boolean closed = stream.instanceClosed();
    if (!closed) {
      try {
        keepInstanceAlive.run();
      } catch (RuntimeException e) {
        // Deleted or expired between the two looks: closed all the same.
        closed = true;
      }
    }
    if (closed) {
      synchronized (this) {
        if (!ending) {
          // Ends once what is being written is out, as at shutdown.
          log.info("Stream of {} ends: the instance closed", name);
          ending = true;
        }
      }
    }
    pump();
  }

  /** Writes while the connection takes more; called by Jetty and whenever something is due. */
  private synchronized void pump() {
    try {
      while (!finished && out.isReady()) {
        if (flushPending) {
          flushPending = false;
          out.flush();
          continue;
        }
        if (written != null) {
          stream.sent(written);
          written = null;
        }
        byte[] chunk = nextChunk();
        if (chunk == null) {
          return;
        }
        out.write(chunk);
        flushPending = true;
        lastWrite = System.nanoTime();
      }
    } catch (IOException | RuntimeException e) {
      log.info("Stream of {} failed: {}", name, e.toString());
      finish();
    }
  }

  /** The next chunk to write, or null when nothing is due (then the stream waits for records). */
  private byte[] nextChunk() {
    if (ending) {
      finish();
      return null;
    }
    StreamFormat format = options.format();
    List<Rebalances.Event> events = stream.newRebalances();
    if (!events.isEmpty()) {
      ByteArrayBuilder announced = new ByteArrayBuilder();
      for (Rebalances.Event event : events) {
        byte[] rebalance = format.rebalance(event);
        if (rebalance != null) {
          announced.write(rebalance);
        }
      }
      if (announced.size() > 0) {
        return announced.toByteArray();
      }
    }
    if (!resend.isEmpty()) {
      List<RenderedRecord> chunk = new ArrayList<>();
      while (!resend.isEmpty() && chunk.size() < RESEND_CHUNK_RECORDS) {
        RenderedRecord record = resend.poll();
        // A partition that moved since the reconnect is the new owner's to send.
        if (stream.owns(record.partition())) {
          chunk.add(record);
        }
      }
      return format.records(chunk);
    }
    if (ready != null && client.gone()) {
      // As with batch answers: records never go into a connection the client already closed.
      log.info("Stream of {} ends: its client left", name);
      finish();
      return null;
    }
    if (ready != null) {
      Batch batch = ready;
      ready = null;
      List<RenderedRecord> records = batch.stillHeld();
      written = batch;
      return records.isEmpty() ? new byte[0] : format.records(records);
    }
    if (failure != null) {
      byte[] error = format.error(ErrorTable.answer(failure).error());
      ending = true;
      return error == null ? new byte[0] : error;
    }
    fetchMore();
    if (ending) {
      finish();
      return null;
    }
    byte[] keepAlive = format.keepAlive();
    if (keepAlive != null && System.nanoTime() - lastWrite >= options.keepAlive().toNanos()) {
      return keepAlive;
    }
    return null;
  }

  /** Asks the instance for records once there is room under {@code max_uncommitted}. */
  private void fetchMore() {
    if (fetching != null || waitingForRoom) {
      return;
    }
    if (stream.instanceClosed()) {
      ending = true;
      return;
    }
    waitingForRoom = true;
    roomWait = stream.room(options.maxUncommitted());
    roomWait.thenRun(
        () -> {
          synchronized (this) {
            waitingForRoom = false;
            if (finished) {
              return;
            }
            int room = Math.max(1, options.maxUncommitted() - stream.uncommitted());
            fetching = stream.fetch(new FetchRequest(options.keepAlive(), CHUNK_BYTES, 1, room));
            fetching.whenComplete(this::fetched);
          }
        });
  }

  private void fetched(Batch batch, Throwable error) {
    synchronized (this) {
      fetching = null;
      if (finished) {
        if (batch != null) {
          batch.undelivered();
        }
        return;
      }
      if (error != null) {
        failure = error;
      } else if (!batch.records().isEmpty()) {
        ready = batch;
      } else if (stream.instanceClosed()) {
        log.info("Stream of {} ends: the instance closed", name);
        ending = true;
      }
    }
    pump();
  }

  /**
   * Ends the stream. Records being written but not flushed, or fetched but not written, go back to
   * the instance's buffer: they were not delivered.
   */
  private void finish() {
    if (finished) {
      return;
    }
    finished = true;
    // The connection is the response's again, and the next request's after it: no more probes.
    client.finish();
    if (tick != null) {
      tick.cancel(false);
    }
    if (roomWait != null) {
      roomWait.cancel(false);
    }
    if (fetching != null) {
      fetching.cancel(false);
    }
    if (ready != null) {
      ready.undelivered();
    }
    if (written != null) {
      // Only a broken stream ends with a write in flight; a clean end waits for it.
      written.undelivered();
    }
    stream.close();
    done.complete(null);
  }
}
