package io.sluice.format;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** Streams records as the REST Proxy v2 JSON array, straight into a {@link JsonGenerator}. */
public final class RecordsWriter {
  private RecordsWriter() {}

  /** Writes {@code [{"topic","key","value","partition","offset","timestamp","headers"?}, …]}. */
  public static void write(
      JsonGenerator generator, List<ConsumerRecord<byte[], byte[]>> records, RecordFormat format)
      throws IOException {
    generator.writeStartArray();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      generator.writeStartObject();
      generator.writeStringField("topic", record.topic());
      generator.writeFieldName("key");
      format.writeKey(generator, record.key());
      generator.writeFieldName("value");
      format.writeValue(generator, record.value());
      generator.writeNumberField("partition", record.partition());
      generator.writeNumberField("offset", record.offset());
      generator.writeNumberField("timestamp", record.timestamp());
      writeHeaders(generator, record);
      generator.writeEndObject();
    }
    generator.writeEndArray();
  }

  private static void writeHeaders(JsonGenerator generator, ConsumerRecord<byte[], byte[]> record)
      throws IOException {
    Header[] headers = record.headers().toArray();
    if (headers.length == 0) {
      return;
    }
    generator.writeArrayFieldStart("headers");
    for (Header header : headers) {
      generator.writeStartObject();
      generator.writeStringField("key", header.key());
      generator.writeFieldName("value");
      EmbeddedFormat.BINARY.write(generator, header.value());
      generator.writeEndObject();
    }
    generator.writeEndArray();
  }
}
