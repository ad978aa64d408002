package io.sluice.producer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.ThreadUtils;

/**
 * One {@link KafkaProducer} and the one thread that hands it records (a send may block for
 * metadata; the caller never does). Thread-safe; {@link #close} sends what is pending first.
 */
final class ProducerChannel implements AutoCloseable {
  private final KafkaProducer<byte[], byte[]> producer;
  private final ExecutorService sender =
      Executors.newSingleThreadExecutor(ThreadUtils.createThreadFactory("sluice-producer", true));
  private final Duration timeout;

  ProducerChannel(Map<String, Object> config, Duration timeout) {
    this.producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    this.timeout = timeout;
  }

  /**
   * Sends the records in order; each result completes with {@code outcome} applied to where the
   * record was stored, or to why not.
   */
  <T> void send(
      List<ProducerRecord<byte[], byte[]>> batch,
      List<CompletableFuture<T>> results,
      BiFunction<RecordMetadata, Exception, T> outcome) {
    sender.execute(
        () -> {
          for (int i = 0; i < batch.size(); i++) {
            CompletableFuture<T> result = results.get(i);
            try {
              producer.send(
                  batch.get(i),
                  (metadata, error) -> result.complete(outcome.apply(metadata, error)));
            } catch (RuntimeException e) {
              result.complete(outcome.apply(null, e));
            }
          }
        });
  }

  /** Sends what is pending and waits for it (up to the timeout), then closes; idempotent. */
  @Override
  public void close() {
    sender.shutdown();
    try {
      sender.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(timeout);
  }
}
