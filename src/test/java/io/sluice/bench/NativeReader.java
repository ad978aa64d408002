package io.sluice.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A native {@link KafkaConsumer} with Kafka's default settings (only bootstrap, group, earliest
 * reset and byte-array deserializers) reading a topic from the beginning. Each call makes its own
 * consumer, so one instance may serve several threads.
 */
record NativeReader(String bootstrap, String group, String topic) {

  /** What a reader does with each record it polled, beyond counting it. */
  interface RecordHandler {
    void handle(ConsumerRecord<byte[], byte[]> record) throws Exception;
  }

  /** Polls until {@code progress} is done, then closes the consumer (leaving the group). */
  Void readUntilDone(ReadProgress progress) throws Exception {
    return readUntilDone(progress, null);
  }

  /** As {@link #readUntilDone(ReadProgress)}, handing every record to {@code each} first. */
  Void readUntilDone(ReadProgress progress, RecordHandler each) throws Exception {
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                "bootstrap.servers", bootstrap,
                "group.id", group,
                "auto.offset.reset", "earliest"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      while (!progress.done()) {
        ConsumerRecords<byte[], byte[]> polled = consumer.poll(Duration.ofMillis(100));
        if (each != null) {
          for (ConsumerRecord<byte[], byte[]> record : polled) {
            each.handle(record);
          }
        }
        progress.received(polled.count());
        for (TopicPartition partition : polled.partitions()) {
          List<ConsumerRecord<byte[], byte[]>> records = polled.records(partition);
          progress.seen(partition.partition(), records.get(records.size() - 1).offset());
        }
      }
    }
    return null;
  }
}
