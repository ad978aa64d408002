package io.sluice.producer;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Scheduler;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.utils.ThreadUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's producer: idempotent, {@code acks=all}, configured by {@code kafka.*} then {@code
 * kafka.producer.*}. Thread-safe. {@link #send} never blocks its caller, and its answer completes
 * when Kafka acknowledged every record or {@code producer.request.timeout.ms} passed. Callers whose
 * own Kafka login passes through get a producer of their own (kept while used, closed after ten
 * idle minutes), so the cluster's ACLs judge their records. {@link #close} flushes.
 */
public final class RecordProducer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RecordProducer.class);
  private static final Duration OWN_PRODUCER_IDLE = Duration.ofMinutes(10);

  private final Map<String, Object> config;
  private final ProducerChannel shared;
  private final LoadingCache<Map<String, String>, ProducerChannel> own;
  private final AtomicInteger ownProducers = new AtomicInteger();
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
    this.config = Map.copyOf(config);
    this.timeout = settings.produceTimeout();
    this.shared = new ProducerChannel(config, timeout);
    this.own =
        Caffeine.newBuilder()
            .maximumSize(1_000)
            .expireAfterAccess(OWN_PRODUCER_IDLE)
            .scheduler(Scheduler.systemScheduler())
            .executor(answers)
            .<Map<String, String>, ProducerChannel>removalListener(
                (login, channel, cause) -> {
                  // Evicted while the gateway runs (close() closes the rest itself); a request
                  // that took the channel just before still hands it its records, so wait a while.
                  if (channel != null && cause.wasEvicted()) {
                    CompletableFuture.runAsync(
                        channel::close,
                        CompletableFuture.delayedExecutor(
                            timeout.toMillis(), TimeUnit.MILLISECONDS, answers));
                  }
                })
            .build(this::channelFor);
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

  private ProducerChannel channelFor(Map<String, String> login) {
    Map<String, Object> withLogin = new HashMap<>(config);
    withLogin.putAll(login);
    withLogin.put(
        ProducerConfig.CLIENT_ID_CONFIG,
        config.get(ProducerConfig.CLIENT_ID_CONFIG) + "-" + ownProducers.incrementAndGet());
    log.info("Started a producer with a caller's own Kafka login");
    return new ProducerChannel(withLogin, timeout);
  }

  /**
   * Sends the records in order, with the caller's own Kafka login when {@code login} has one (else
   * the gateway's); answers, in the same order, where each was stored or why not.
   */
  public CompletableFuture<List<Produced>> send(
      List<ProducerRecord<byte[], byte[]>> batch, Map<String, String> login) {
    Timer.Sample sample = Timer.start(meters);
    List<CompletableFuture<Produced>> results = new ArrayList<>(batch.size());
    batch.forEach(record -> results.add(new CompletableFuture<>()));
    ProducerChannel channel;
    try {
      channel = login.isEmpty() ? shared : own.get(login);
    } catch (KafkaException e) {
      return CompletableFuture.failedFuture(e);
    }
    channel.send(
        batch, results, (metadata, error) -> error == null ? stored(metadata) : refused(error));
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

  private Produced stored(RecordMetadata metadata) {
    records.increment();
    bytes.increment(
        Math.max(0, metadata.serializedKeySize()) + Math.max(0, metadata.serializedValueSize()));
    return Produced.stored(metadata.partition(), metadata.offset());
  }

  private Produced refused(Exception error) {
    if (error instanceof RecordTooLargeException
        || error instanceof RecordBatchTooLargeException
        || error instanceof InvalidRecordException) {
      return refusedWith(422, "Kafka refused the record: " + error.getMessage());
    }
    if (error instanceof AuthorizationException) {
      return refusedWith(40301, "Not authorized by Kafka: " + error.getMessage());
    }
    if (error instanceof AuthenticationException) {
      return refusedWith(40101, "Kafka authentication failed: " + error.getMessage());
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

  /** Sends what is pending and waits for it (up to the timeout), then closes; idempotent. */
  @Override
  public void close() {
    shared.close();
    List<ProducerChannel> channels = List.copyOf(own.asMap().values());
    own.invalidateAll();
    channels.forEach(ProducerChannel::close);
    answers.shutdown();
  }
}
