package io.sluice.consumer;

import io.sluice.format.SchemasUnavailableException;
import io.sluice.format.UnrenderableRecordException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * A polled record as its client gets it: where it came from, the bytes of its key and value (what
 * buffer and fetch limits count), and either its JSON object (rendered by the poll loop in the
 * instance's format) or why it cannot be rendered. Records of one poll share their partition.
 */
public final class RenderedRecord {
  private final TopicPartition partition;
  private final long offset;
  private final int size;
  private final byte[] json;
  private final RuntimeException problem;
  private final ConsumerRecord<byte[], byte[]> pending;

  private RenderedRecord(
      TopicPartition partition,
      long offset,
      int size,
      byte[] json,
      RuntimeException problem,
      ConsumerRecord<byte[], byte[]> pending) {
    this.partition = partition;
    this.offset = offset;
    this.size = size;
    this.json = json;
    this.problem = problem;
    this.pending = pending;
  }

  static RenderedRecord of(TopicPartition partition, long offset, int size, byte[] json) {
    return new RenderedRecord(partition, offset, size, json, null, null);
  }

  static RenderedRecord unrenderable(
      TopicPartition partition, long offset, int size, UnrenderableRecordException problem) {
    return new RenderedRecord(partition, offset, size, null, problem, null);
  }

  /**
   * A record that could not be rendered yet for a reason outside it (the schema registry did not
   * answer): it keeps its place, answers fetches that reach it with that reason, and is rendered
   * again later.
   */
  static RenderedRecord pending(
      TopicPartition partition,
      int size,
      ConsumerRecord<byte[], byte[]> record,
      SchemasUnavailableException reason) {
    return new RenderedRecord(partition, record.offset(), size, null, reason, record);
  }

  public TopicPartition partition() {
    return partition;
  }

  public long offset() {
    return offset;
  }

  /** Key and value bytes. */
  public int size() {
    return size;
  }

  /**
   * The record's JSON object in UTF-8, on one line; shared, never to be changed. Only renderable
   * records reach a fetch.
   */
  public byte[] json() {
    return json;
  }

  /** Why the record cannot be rendered (for good, or not yet), or null. */
  RuntimeException problem() {
    return problem;
  }

  /** The polled record, while it waits to be rendered again; null otherwise. */
  ConsumerRecord<byte[], byte[]> pending() {
    return pending;
  }
}
