package io.sluice.producer;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The REST Proxy v2 produce body: {@code {"records":[{"key"?,"value","partition"?,"headers"?,
 * "timestamp"?}]}}, and for the schema formats the schema of keys and values, as text or as a
 * registry id. Keys and values are JSON as sent; {@link RecordParser} reads them in the request's
 * embedded format.
 */
public record ProduceRequest(
    List<Entry> records,
    @JsonProperty("key_schema") String keySchema,
    @JsonProperty("key_schema_id") Integer keySchemaId,
    @JsonProperty("value_schema") String valueSchema,
    @JsonProperty("value_schema_id") Integer valueSchemaId) {

  /** One record as sent; header values are base64, as in consumed records. */
  public record Entry(
      JsonNode key, JsonNode value, Integer partition, List<Header> headers, Long timestamp) {}

  public record Header(String key, String value) {}
}
