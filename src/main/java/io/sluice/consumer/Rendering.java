package io.sluice.consumer;

import io.sluice.format.RecordFormat;
import io.sluice.format.RecordRenderer;
import io.sluice.format.SchemasUnavailableException;
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
    return render(polled, format, null);
  }

  /**
   * As {@link #render(Iterable, RecordFormat)}; with {@code unavailable} (records already wait for
   * the schema registry) every record waits too, without asking the registry again.
   */
  static List<RenderedRecord> render(
      Iterable<ConsumerRecord<byte[], byte[]>> polled,
      RecordFormat format,
      SchemasUnavailableException unavailable) {
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
        if (unavailable != null) {
          // The registry did not answer for a record before: the rest wait without asking it.
          rendered.add(RenderedRecord.pending(partition, length(record), record, unavailable));
          continue;
        }
        RenderedRecord result = render(record, partition, format, renderer);
        if (result.pending() != null) {
          unavailable = (SchemasUnavailableException) result.problem();
        }
        if (result.json() == null) {
          // The generator may hold half a record: start afresh.
          renderer.close();
          renderer = new RecordRenderer(format);
        }
        rendered.add(result);
      }
    } finally {
      renderer.close();
    }
    return rendered;
  }

  /** Renders a record that waited for the schema registry again. */
  static RenderedRecord renderAgain(RenderedRecord pending, RecordFormat format) {
    try (RecordRenderer renderer = new RecordRenderer(format)) {
      return render(pending.pending(), pending.partition(), format, renderer);
    }
  }

  /**
   * The record rendered; or, never losing it, unrenderable (42207, for good) or pending (the schema
   * registry did not answer: rendered again later).
   */
  private static RenderedRecord render(
      ConsumerRecord<byte[], byte[]> record,
      TopicPartition partition,
      RecordFormat format,
      RecordRenderer renderer) {
    int size = length(record);
    UnrenderableRecordException problem = format.problem(record);
    if (problem == null) {
      try {
        return RenderedRecord.of(partition, record.offset(), size, renderer.render(record));
      } catch (SchemasUnavailableException e) {
        return RenderedRecord.pending(partition, size, record, e);
      } catch (RuntimeException e) {
        problem = format.failed(record, e);
      }
    }
    return RenderedRecord.unrenderable(partition, record.offset(), size, problem);
  }

  private static int length(ConsumerRecord<byte[], byte[]> record) {
    return length(record.key()) + length(record.value());
  }

  private static int length(byte[] data) {
    return data == null ? 0 : data.length;
  }
}
