package io.sluice.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Renders records, one by one, into the UTF-8 JSON object of the REST Proxy v2 records answer:
 * {@code {"topic","key","value","partition","offset","timestamp","headers"?}} on one line. An
 * instance's poll loop renders what it polled, so a fetch only copies bytes. Not thread-safe; close
 * it after a batch of records to return its buffers.
 */
public final class RecordRenderer implements AutoCloseable {
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final SerializedString TOPIC = new SerializedString("topic");
  private static final SerializedString KEY = new SerializedString("key");
  private static final SerializedString VALUE = new SerializedString("value");
  private static final SerializedString PARTITION = new SerializedString("partition");
  private static final SerializedString OFFSET = new SerializedString("offset");
  private static final SerializedString TIMESTAMP = new SerializedString("timestamp");
  private static final SerializedString HEADERS = new SerializedString("headers");

  private final RecordFormat format;
  private final ByteArrayBuilder out = new ByteArrayBuilder();
  private final JsonGenerator generator;

  /** The topic of the last record, quoted and encoded once for all records of its partition. */
  private SerializedString topic = new SerializedString("");

  public RecordRenderer(RecordFormat format) {
    this.format = format;
    try {
      this.generator = FACTORY.createGenerator(out);
      // No separator between root values: each object is taken out of the buffer on its own.
      generator.setRootValueSeparator(null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The record's JSON object; the record must be renderable ({@link RecordFormat#problem}). */
  public byte[] render(ConsumerRecord<byte[], byte[]> record) {
    try {
      if (!topic.getValue().equals(record.topic())) {
        topic = new SerializedString(record.topic());
      }
      generator.writeStartObject();
      generator.writeFieldName(TOPIC);
      generator.writeString(topic);
      generator.writeFieldName(KEY);
      format.writeKey(generator, record.key());
      generator.writeFieldName(VALUE);
      format.writeValue(generator, record.value());
      generator.writeFieldName(PARTITION);
      generator.writeNumber(record.partition());
      generator.writeFieldName(OFFSET);
      generator.writeNumber(record.offset());
      generator.writeFieldName(TIMESTAMP);
      generator.writeNumber(record.timestamp());
      writeHeaders(record);
      generator.writeEndObject();
      generator.flush();
    } catch (IOException e) {
      // Only an in-memory buffer is written, and the data was checked to be renderable.
      throw new UncheckedIOException(e);
    }
    byte[] json = out.toByteArray();
    out.reset();
    return json;
  }

  private void writeHeaders(ConsumerRecord<byte[], byte[]> record) throws IOException {
    Iterator<Header> headers = record.headers().iterator();
    if (!headers.hasNext()) {
      return;
    }
    generator.writeFieldName(HEADERS);
    generator.writeStartArray();
    while (headers.hasNext()) {
      Header header = headers.next();
      generator.writeStartObject();
      generator.writeFieldName(KEY);
      generator.writeString(header.key());
      generator.writeFieldName(VALUE);
      EmbeddedFormat.BINARY.write(generator, header.value());
      generator.writeEndObject();
    }
    generator.writeEndArray();
  }

  @Override
  public void close() {
    try {
      generator.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.release();
  }
}
