package io.sluice.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * What a fault scenario produced and what its clients received, told apart by the sequence number
 * each record's value carries (its decimal text). {@code delivered} counts produced records some
 * client received at least once, {@code duplicates} every receipt after the first, {@code lost} the
 * acknowledged records no client received: {@code produced = delivered + lost}. Thread-safe.
 */
public final class Ledger {
  private final String scenario;
  private final long startNanos = System.nanoTime();
  private final AtomicIntegerArray acknowledged;
  private final AtomicIntegerArray receipts;
  private final AtomicIntegerArray partitions;

  /** A ledger for sequence numbers 0 to {@code capacity - 1}. */
  public Ledger(String scenario, int capacity) {
    this.scenario = scenario;
    this.acknowledged = new AtomicIntegerArray(capacity);
    this.receipts = new AtomicIntegerArray(capacity);
    this.partitions = new AtomicIntegerArray(capacity);
  }

  /** A producer as the scenarios want one: fast (5 ms linger), every record acknowledged by all. */
  public static KafkaProducer<byte[], byte[]> producer(String bootstrapServers) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            ProducerConfig.LINGER_MS_CONFIG,
            5,
            ProducerConfig.ACKS_CONFIG,
            "all"),
        new ByteArraySerializer(),
        new ByteArraySerializer());
  }

  /**
   * Sends sequence numbers {@code from} to {@code from + count - 1} to the topic's partitions in
   * turn and returns once every one was acknowledged; only acknowledged records count as produced.
   */
  public void produce(
      KafkaProducer<byte[], byte[]> producer,
      String topic,
      int partitionCount,
      int from,
      int count) {
    List<Future<RecordMetadata>> sends = new ArrayList<>(count);
    for (int seq = from; seq < from + count; seq++) {
      sends.add(send(producer, topic, partitionCount, seq));
    }
    producer.flush();
    try {
      for (int i = 0; i < sends.size(); i++) {
        sends.get(i).get();
        acknowledged.set(from + i, 1);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while producing", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Producing to " + topic + " failed", e.getCause());
    }
  }

  private static Future<RecordMetadata> send(
      KafkaProducer<byte[], byte[]> producer, String topic, int partitionCount, int seq) {
    byte[] value = Integer.toString(seq).getBytes(StandardCharsets.UTF_8);
    return producer.send(new ProducerRecord<>(topic, seq % partitionCount, null, value));
  }

  /** Notes that a client received this record; answers whether it is the first receipt. */
  public boolean receive(int seq, int partition) {
    partitions.set(seq, partition);
    return receipts.incrementAndGet(seq) == 1;
  }

  public int produced() {
    return count(seq -> acknowledged.get(seq) == 1);
  }

  public int delivered() {
    return count(seq -> acknowledged.get(seq) == 1 && receipts.get(seq) > 0);
  }

  public int duplicates() {
    int duplicates = 0;
    for (int seq = 0; seq < receipts.length(); seq++) {
      duplicates += Math.max(0, receipts.get(seq) - 1);
    }
    return duplicates;
  }

  public int lost() {
    return count(seq -> acknowledged.get(seq) == 1 && receipts.get(seq) == 0);
  }

  /** Whether every produced record has been received. */
  public boolean complete() {
    return lost() == 0;
  }

  /** Whether sequence numbers {@code from} to {@code from + count - 1} were all received. */
  public boolean received(int from, int count) {
    for (int seq = from; seq < from + count; seq++) {
      if (receipts.get(seq) == 0) {
        return false;
      }
    }
    return true;
  }

  /** Receipts after the first, per partition. */
  public Map<Integer, Integer> duplicatesByPartition() {
    Map<Integer, Integer> duplicates = new TreeMap<>();
    for (int seq = 0; seq < receipts.length(); seq++) {
      if (receipts.get(seq) > 1) {
        duplicates.merge(partitions.get(seq), receipts.get(seq) - 1, Integer::sum);
      }
    }
    return duplicates;
  }

  /** The first few lost sequence numbers, for a failure message. */
  public List<Integer> lostSample() {
    List<Integer> sample = new ArrayList<>();
    for (int seq = 0; seq < acknowledged.length() && sample.size() < 20; seq++) {
      if (acknowledged.get(seq) == 1 && receipts.get(seq) == 0) {
        sample.add(seq);
      }
    }
    return sample;
  }

  public Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  /** {@code FaultIT <scenario>: produced=N delivered=N duplicates=N lost=N seconds=S}. */
  public String line() {
    return String.format(
        Locale.ROOT,
        "FaultIT %s: produced=%d delivered=%d duplicates=%d lost=%d seconds=%.1f",
        scenario,
        produced(),
        delivered(),
        duplicates(),
        lost(),
        elapsed().toMillis() / 1000.0);
  }

  private int count(java.util.function.IntPredicate test) {
    int count = 0;
    for (int seq = 0; seq < acknowledged.length(); seq++) {
      if (test.test(seq)) {
        count++;
      }
    }
    return count;
  }
}
