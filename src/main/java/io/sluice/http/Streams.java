package io.sluice.http;

import io.javalin.http.Context;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.sluice.config.Settings;
import io.sluice.consumer.ConsumerException;
import io.sluice.consumer.ConsumerInstance;
import io.sluice.consumer.InstanceStream;
import io.sluice.consumer.RenderedRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.ThreadUtils;

/**
 * Opens streams of records ({@code GET …/records} with an SSE or NDJSON Accept) and ends them all
 * when the gateway stops. One timer thread ticks every open stream.
 */
final class Streams {
  private final Settings settings;
  private final Map<String, RecordStream> open = new ConcurrentHashMap<>();
  private final ScheduledThreadPoolExecutor ticks = ticks();

  Streams(Settings settings, MeterRegistry meters) {
    this.settings = settings;
    Gauge.builder("sluice.streams.open", open, Map::size)
        .description("Record streams (SSE and NDJSON) open now")
        .register(meters);
  }

  /**
   * Answers the request with a stream from {@code instance}; {@code keepInstanceAlive} is a use of
   * the instance (the stream counts as one). Refused with 40905 while the instance has a stream.
   */
  void open(
      Context ctx,
      String name,
      ConsumerInstance instance,
      StreamFormat format,
      Runnable keepInstanceAlive) {
    int maxUncommitted =
        (int)
            Math.min(
                Queries.queryLong(ctx, "max_uncommitted", 1)
                    .orElse((long) settings.streamMaxUncommitted()),
                settings.streamMaxUncommittedMax());
    String lastEventId = ctx.header("Last-Event-ID");
    InstanceStream stream = openStream(name, instance);
    try {
      List<RenderedRecord> resend =
          lastEventId == null || lastEventId.isBlank()
              ? List.of()
              : resendAfter(stream, lastEventId.trim());
      // Probed for as long as the stream runs; the stream finishes it before it ends the response.
      ClientConnection client = ClientConnection.of(ctx);
      client.keepOpenWhileQuiet();
      ctx.status(200);
      // Probing may read bytes meant for a next request: a stream's connection is not reused.
      ctx.header("Connection", "close");
      ctx.header("Content-Type", format.mediaType());
      ctx.header("Cache-Control", "no-cache");
      ctx.header("X-Accel-Buffering", "no");
      RecordStream recordStream =
          new RecordStream(
              name,
              stream,
              ctx.res().getOutputStream(),
              client,
              keepInstanceAlive,
              resend,
              new RecordStream.Options(format, maxUncommitted, settings.streamKeepAlive(), ticks));
      open.put(name, recordStream);
      ctx.future(
          () -> {
            try {
              return recordStream
                  .start()
                  .whenComplete((none, error) -> open.remove(name, recordStream));
            } catch (RuntimeException e) {
              release(name, recordStream, stream);
              throw e;
            }
          });
    } catch (IOException e) {
      stream.close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      stream.close();
      throw e;
    }
  }

  private void release(String name, RecordStream recordStream, InstanceStream stream) {
    open.remove(name, recordStream);
    stream.close();
  }

  /**
   * The instance's stream. A stream still open whose client left (a reconnect that came before the
   * stream noticed) ends first.
   */
  private InstanceStream openStream(String name, ConsumerInstance instance) {
    try {
      return instance.openStream();
    } catch (ConsumerException e) {
      if (e.kind() != ConsumerException.Kind.STREAM_OPEN || !endIfClientLeft(name)) {
        throw e;
      }
      return instance.openStream();
    }
  }

  /** Whether the stream of instance {@code name} ended because its client left (probed now). */
  boolean endIfClientLeft(String name) {
    RecordStream stream = open.get(name);
    return stream != null && stream.endIfClientLeft();
  }

  /**
   * The records sent after the one {@code Last-Event-ID} names ({@code topic/partition/offset}).
   */
  private static List<RenderedRecord> resendAfter(InstanceStream stream, String lastEventId) {
    int offsetSlash = lastEventId.lastIndexOf('/');
    int partitionSlash = offsetSlash <= 0 ? -1 : lastEventId.lastIndexOf('/', offsetSlash - 1);
    if (partitionSlash <= 0) {
      throw invalidId(lastEventId);
    }
    try {
      String topic = lastEventId.substring(0, partitionSlash);
      int partition = Integer.parseInt(lastEventId.substring(partitionSlash + 1, offsetSlash));
      long offset = Long.parseLong(lastEventId.substring(offsetSlash + 1));
      return stream.sentAfter(new TopicPartition(topic, partition), offset);
    } catch (NumberFormatException e) {
      throw invalidId(lastEventId);
    }
  }

  private static RequestException invalidId(String lastEventId) {
    return RequestException.invalid(
        "Last-Event-ID "
            + Requests.shown(lastEventId)
            + " is not a record id: send the id: line of the last record event received,"
            + " topic/partition/offset");
  }

  /** Ends every open stream cleanly (the gateway is stopping; the server still runs). */
  void endAll() {
    open.values().forEach(RecordStream::end);
  }

  /** Stops ticking, once the server stopped. */
  void close() {
    ticks.shutdownNow();
  }

  private static ScheduledThreadPoolExecutor ticks() {
    ScheduledThreadPoolExecutor ticks =
        new ScheduledThreadPoolExecutor(
            1, ThreadUtils.createThreadFactory("sluice-stream-tick", true));
    ticks.setRemoveOnCancelPolicy(true);
    return ticks;
  }
}
