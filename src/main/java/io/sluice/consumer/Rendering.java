package io.sluice.consumer;

import io.sluice.format.RecordFormat;
import io.sluice.format.RecordRenderer;
import io.sluice.format.UnrenderableRecordException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/** Turns polled records into {@link RenderedRecord}s, on the poll loop's thread. */
final class Rendering {
  private Rendering() {}

  /** Renders in order; records of one partition share one {@link TopicPartition}. */
  static List<RenderedRecord> render(
      Iterable<ConsumerRecord<byte[], byte[]>> polled, RecordFormat format) {
    List<RenderedRecord> rendered = new ArrayList<>();
    TopicPartition partition = null;
    RecordRenderer renderer = new RecordRenderer(format);
    try {
      for (ConsumerRecord<byte[], byte[]> record : polled) {
        if (partition == null
            || partition.partition() != record.partition()
            || !partition.topic().equals(record.topic())) {
          partition = new TopicPartition(record.topic(), record.partition());
        }
        int size = length(record.key()) + length(record.value());
        UnrenderableRecordException problem = format.problem(record);
        if (problem == null) {
          try {
            rendered.add(
                RenderedRecord.of(partition, record.offset(), size, renderer.render(record)));
            continue;
          } catch (RuntimeException e) {
            // Never lose the poll: the record waits as unrenderable; the renderer starts afresh.
            problem = format.failed(record, e);
            renderer.close();
            renderer = new RecordRenderer(format);
          }
        }
        rendered.add(RenderedRecord.unrenderable(partition, record.offset(), size, problem));
      }
    } finally {
      renderer.close();
    }
    return rendered;
  }

  private static int length(byte[] data) {
    return data == null ? 0 : data.length;
  }
}
