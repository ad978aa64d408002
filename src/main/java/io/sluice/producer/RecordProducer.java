package io.sluice.producer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sluice.config.Settings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.ThreadUtils;

/**
 * The gateway's one {@link KafkaProducer}: idempotent, {@code acks=all}, configured by {@code
 * kafka.*} then {@code kafka.producer.*}. Thread-safe. {@link #send} never blocks its caller: sends
 * run on one producer thread (a send may wait for metadata), and the answer completes when Kafka
 * acknowledged every record or {@code producer.request.timeout.ms} passed. {@link #close} flushes.
 */
public final class RecordProducer implements AutoCloseable {
  private final KafkaProducer<byte[], byte[]> producer;
  private final ExecutorService sender =
      Executors.newSingleThreadExecutor(ThreadUtils.createThreadFactory("sluice-producer", true));
  // Answers are rendered and written here, never on Kafka's one producer I/O thread.
  private final ExecutorService answers =
      Executors.newCachedThreadPool(
          ThreadUtils.createThreadFactory("sluice-produce-answer-%d", true));
  private final Duration timeout;
  private final Counter records;
  private final Counter bytes;
  private final Timer latency;
  private final MeterRegistry meters;

  public RecordProducer(Settings settings, MeterRegistry meters) {
    Map<String, Object> config = new HashMap<>(settings.kafkaCommon());
    config.putAll(settings.kafkaProducer());
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers().orElseThrow());
    config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "sluice-producer");
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    config.put(
        ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(settings.produceTimeout().toMillis()));
    this.producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    this.timeout = settings.produceTimeout();
    this.meters = meters;
    this.records =
        Counter.builder("sluice.records.produced")
            .description("Records Kafka acknowledged for produce requests")
            .register(meters);
    this.bytes =
        Counter.builder("sluice.bytes.produced")
            .description("Key and value bytes of the records Kafka acknowledged")
            .baseUnit("bytes")
            .register(meters);
    this.latency =
        Timer.builder("sluice.produce.latency")
            .description("From a produce request's records being sent to every one acknowledged")
            .publishPercentileHistogram()
            .register(meters);
  }

  /** Sends the records in order; answers, in the same order, where each was stored or why not. */
  public CompletableFuture<List<Produced>> send(List<ProducerRecord<byte[], byte[]>> batch) {
    Timer.Sample sample = Timer.start(meters);
    List<CompletableFuture<Produced>> results = new ArrayList<>(batch.size());
    batch.forEach(record -> results.add(new CompletableFuture<>()));
    sender.execute(
        () -> {
          for (int i = 0; i < batch.size(); i++) {
            ProducerRecord<byte[], byte[]> record = batch.get(i);
            CompletableFuture<Produced> result = results.get(i);
            try {
              producer.send(
                  record,
                  (metadata, error) ->
                      result.complete(
                          error == null
                              ? stored(record, metadata.partition(), metadata.offset())
                              : refused(error)));
            } catch (RuntimeException e) {
              result.complete(refused(e));
            }
          }
        });
    return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .handleAsync(
            (none, error) -> {
              sample.stop(latency);
              return results.stream()
                  .map(
                      r ->
                          r.getNow(
                              refusedWith(
                                  50302,
                                  "Kafka did not acknowledge the record within "
                                      + timeout.toMillis()
                                      + " ms (producer.request.timeout.ms); it may still be"
                                      + " written")))
                  .toList();
            },
            answers);
  }

  private Produced stored(ProducerRecord<byte[], byte[]> record, int partition, long offset) {
    records.increment();
    bytes.increment(length(record.key()) + length(record.value()));
    return Produced.stored(partition, offset);
  }

  private Produced refused(Exception error) {
    if (error instanceof RecordTooLargeException
        || error instanceof RecordBatchTooLargeException
        || error instanceof InvalidRecordException) {
      return refusedWith(422, "Kafka refused the record: " + error.getMessage());
    }
    if (error instanceof TimeoutException) {
      return refusedWith(50302, "Kafka did not answer in time: " + error.getMessage());
    }
    return refusedWith(50002, "Kafka error: " + error.getMessage());
  }

  private Produced refusedWith(int code, String message) {
    Counter.builder("sluice.produce.errors")
        .description("Records a produce request could not store, by error code")
        .tag("code", Integer.toString(code))
        .register(meters)
        .increment();
    return Produced.refused(code, message);
  }

  private static int length(byte[] data) {
    return data == null ? 0 : data.length;
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
    answers.shutdown();
  }
}
