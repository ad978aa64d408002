package io.sluice.consumer;

import io.sluice.format.UnrenderableRecordException;
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
  private final UnrenderableRecordException problem;

  private RenderedRecord(
      TopicPartition partition,
      long offset,
      int size,
      byte[] json,
      UnrenderableRecordException problem) {
    this.partition = partition;
    this.offset = offset;
    this.size = size;
    this.json = json;
    this.problem = problem;
  }

  static RenderedRecord of(TopicPartition partition, long offset, int size, byte[] json) {
    return new RenderedRecord(partition, offset, size, json, null);
  }

  static RenderedRecord unrenderable(
      TopicPartition partition, long offset, int size, UnrenderableRecordException problem) {
    return new RenderedRecord(partition, offset, size, null, problem);
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

  /** Why the record cannot be rendered, or null. */
  UnrenderableRecordException problem() {
    return problem;
  }
}
