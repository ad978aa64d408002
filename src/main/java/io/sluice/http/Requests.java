package io.sluice.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.sluice.consumer.CommittedOffset;
import io.sluice.consumer.ConsumerInstance;
import io.sluice.consumer.PartitionOffset;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.internals.Topic;

/** Checks wire bodies and query strings and turns them into consumer-layer values (and back). */
final class Requests {
  private Requests() {}

  static CompletableFuture<Void> subscribe(ConsumerInstance instance, Wire.Subscription body) {
    boolean hasTopics = body.topics() != null && !body.topics().isEmpty();
    boolean hasPattern = body.topicPattern() != null && !body.topicPattern().isBlank();
    if (hasTopics == hasPattern) {
      throw RequestException.invalid(
          "Give either a non-empty \"topics\" list or a \"topic_pattern\", not both or neither");
    }
    if (hasPattern) {
      try {
        return instance.subscribe(Pattern.compile(body.topicPattern()));
      } catch (PatternSyntaxException e) {
        throw RequestException.invalid(
            "Invalid topic_pattern: " + e.getDescription() + " near index " + e.getIndex());
      }
    }
    for (String topic : body.topics()) {
      topicName(topic);
    }
    return instance.subscribe(List.copyOf(body.topics()));
  }

  static List<PartitionOffset> offsets(Wire.Offsets body) {
    if (body.offsets() == null || body.offsets().isEmpty()) {
      throw RequestException.invalid(
          "\"offsets\" must list at least one {\"topic\",\"partition\",\"offset\"}; send no body"
              + " to commit everything delivered");
    }
    List<PartitionOffset> offsets = new ArrayList<>();
    for (Wire.Offset entry : body.offsets()) {
      if (entry == null || entry.offset() == null || entry.offset() < 0) {
        throw RequestException.invalid("Each offset needs \"offset\", a number 0 or more");
      }
      TopicPartition partition = partition(entry.topic(), entry.partition());
      offsets.add(
          new PartitionOffset(
              partition.topic(),
              partition.partition(),
              entry.offset(),
              entry.metadata() == null ? "" : entry.metadata()));
    }
    return offsets;
  }

  /** The partitions a body names; at least one. */
  static List<TopicPartition> partitions(Wire.Partitions body) {
    if (body == null || body.partitions() == null || body.partitions().isEmpty()) {
      throw RequestException.invalid(
          "Name the partitions: {\"partitions\":[{\"topic\":\"t\",\"partition\":0}]}");
    }
    return partitions(body, Map.of());
  }

  /** Seek targets by offset ({@code offsets}) and by time ({@code timestamps}, as epoch ms). */
  record Seeks(Map<TopicPartition, Long> offsets, Map<TopicPartition, Long> timestamps) {}

  static Seeks seeks(Wire.Positions body) {
    Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
    Map<TopicPartition, Long> timestamps = new LinkedHashMap<>();
    if (body != null && body.offsets() != null) {
      for (Wire.Offset entry : body.offsets()) {
        if (entry == null || entry.offset() == null || entry.offset() < 0) {
          throw RequestException.invalid("Each offset needs \"offset\", a number 0 or more");
        }
        offsets.put(partition(entry.topic(), entry.partition()), entry.offset());
      }
    }
    if (body != null && body.timestamps() != null) {
      for (Wire.Timestamp entry : body.timestamps()) {
        if (entry == null) {
          throw RequestException.invalid(
              "Each timestamp needs \"topic\", \"partition\", \"timestamp\"");
        }
        timestamps.put(partition(entry.topic(), entry.partition()), epochMillis(entry.timestamp()));
      }
    }
    if (offsets.isEmpty() && timestamps.isEmpty()) {
      throw RequestException.invalid(
          "Give \"offsets\":[{\"topic\",\"partition\",\"offset\"}] or"
              + " \"timestamps\":[{\"topic\",\"partition\",\"timestamp\"}]");
    }
    return new Seeks(offsets, timestamps);
  }

  /** Epoch milliseconds from a whole number or an ISO-8601 date-time with an offset. */
  private static long epochMillis(JsonNode timestamp) {
    if (timestamp != null && timestamp.canConvertToLong() && timestamp.isIntegralNumber()) {
      if (timestamp.asLong() >= 0) {
        return timestamp.asLong();
      }
    } else if (timestamp != null && timestamp.isTextual()) {
      try {
        return OffsetDateTime.parse(timestamp.asText()).toInstant().toEpochMilli();
      } catch (DateTimeParseException e) {
        // answered below
      }
    }
    throw RequestException.invalid(
        "Invalid timestamp: "
            + timestamp
            + "; expected epoch milliseconds (0 or more) or an ISO-8601 date-time such as"
            + " \"2026-11-29T10:15:30Z\"");
  }

  /**
   * From the body's {@code partitions}, or else from {@code ?topic=t&partition=p} pairs; empty when
   * neither names any (then: every assigned partition).
   */
  static List<TopicPartition> partitions(Wire.Partitions body, Map<String, List<String>> query) {
    List<TopicPartition> partitions = new ArrayList<>();
    if (body != null && body.partitions() != null) {
      for (Wire.Partition entry : body.partitions()) {
        if (entry == null) {
          throw RequestException.invalid("Each partition needs \"topic\" and \"partition\"");
        }
        partitions.add(partition(entry.topic(), entry.partition()));
      }
    } else {
      List<String> topics = query.getOrDefault("topic", List.of());
      List<String> numbers = query.getOrDefault("partition", List.of());
      if (topics.size() != numbers.size()) {
        throw RequestException.invalid(
            "Give as many ?topic= as ?partition= parameters, in pairs: ?topic=t&partition=0");
      }
      for (int i = 0; i < topics.size(); i++) {
        long number = wholeNumber("partition", numbers.get(i), 0);
        partitions.add(partition(topics.get(i), (int) Math.min(number, Integer.MAX_VALUE)));
      }
    }
    return partitions;
  }

  static List<Wire.CommitResult> commitResults(List<CommittedOffset> committed) {
    return committed.stream()
        .map(
            c ->
                c.committed().isPresent()
                    ? new Wire.CommitResult(
                        c.topic(),
                        c.partition(),
                        c.consumed(),
                        c.committed().getAsLong(),
                        null,
                        null)
                    : new Wire.CommitResult(
                        c.topic(),
                        c.partition(),
                        c.consumed(),
                        null,
                        40904,
                        "Not committed: the partition was revoked in a rebalance after these records"
                            + " were delivered; its new owner reads them again"))
        .toList();
  }

  static Wire.Offsets offsetsAnswer(List<PartitionOffset> offsets) {
    return new Wire.Offsets(
        offsets.stream()
            .map(o -> new Wire.Offset(o.topic(), o.partition(), o.offset(), o.metadata()))
            .toList());
  }

  static Wire.Partitions partitionsAnswer(List<TopicPartition> partitions) {
    return new Wire.Partitions(
        partitions.stream().map(p -> new Wire.Partition(p.topic(), p.partition())).toList());
  }

  static Optional<Boolean> queryBoolean(Context ctx, String name) {
    String value = ctx.queryParam(name);
    if (value == null) {
      return Optional.empty();
    }
    if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
      return Optional.of(Boolean.parseBoolean(value));
    }
    throw RequestException.invalid(
        "Invalid " + name + ": \"" + value + "\"; expected true or false");
  }

  static Optional<Duration> queryMillis(Context ctx, String name) {
    return queryLong(ctx, name, 0).map(Duration::ofMillis);
  }

  static Optional<Long> queryLong(Context ctx, String name, long min) {
    String value = ctx.queryParam(name);
    return value == null ? Optional.empty() : Optional.of(wholeNumber(name, value, min));
  }

  private static TopicPartition partition(String topic, Integer partition) {
    if (partition == null || partition < 0) {
      throw RequestException.invalid("Each partition needs \"partition\", a number 0 or more");
    }
    return new TopicPartition(topicName(topic), partition);
  }

  /** A name Kafka could hold: 1 to 249 of {@code [a-zA-Z0-9._-]}, not "." or "..". */
  private static String topicName(String topic) {
    if (topic == null) {
      throw RequestException.invalid("Each entry needs \"topic\", a topic name");
    }
    try {
      Topic.validate(topic);
      return topic;
    } catch (InvalidTopicException e) {
      throw RequestException.invalid("Invalid topic name: " + e.getMessage());
    }
  }

  /** The value as a whole number of at least {@code min}, or a 422 naming the field. */
  static long wholeNumber(String name, String value, long min) {
    try {
      long n = Long.parseLong(value.trim());
      if (n >= min) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw RequestException.invalid(
        "Invalid " + name + ": \"" + value + "\"; expected a whole number, " + min + " or more");
  }
}
