package io.sluice.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** The small JSON bodies of the consumer API (records stream through RecordsWriter instead). */
final class Wire {
  private Wire() {}

  record CreatedInstance(
      @JsonProperty("instance_id") String instanceId, @JsonProperty("base_uri") String baseUri) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Subscription(List<String> topics, @JsonProperty("topic_pattern") String topicPattern) {}

  record Partition(String topic, Integer partition) {}

  record Partitions(List<Partition> partitions) {}

  record Offset(String topic, Integer partition, Long offset, String metadata) {}

  record Offsets(List<Offset> offsets) {}

  /** A seek to the first record at or after {@code timestamp}: epoch ms or ISO-8601 text. */
  record Timestamp(String topic, Integer partition, JsonNode timestamp) {}

  record Positions(List<Offset> offsets, List<Timestamp> timestamps) {}

  /** One partition of a commit; one that could not be committed has no offset and an error. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record CommitResult(
      String topic,
      int partition,
      long consumed,
      Long committed,
      @JsonProperty("error_code") Integer errorCode,
      String message) {}
}
