package io.sluice.producer;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The REST Proxy v2 produce body: {@code {"records":[{"key"?,"value","partition"?,"headers"?,
 * "timestamp"?}]}}. Keys and values are JSON as sent; {@link RecordParser} reads them in the
 * request's embedded format.
 */
public record ProduceRequest(List<Entry> records) {

  /** One record as sent; header values are base64, as in consumed records. */
  public record Entry(
      JsonNode key, JsonNode value, Integer partition, List<Header> headers, Long timestamp) {}

  public record Header(String key, String value) {}
}
