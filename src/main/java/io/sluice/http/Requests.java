package io.sluice.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.consumer.CommittedOffset;
import io.sluice.consumer.ConsumerInstance;
import io.sluice.consumer.PartitionOffset;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
  /** Longer patterns cost the consumer time out of proportion (quadratic in their length). */
  static final int MAX_PATTERN_LENGTH = 2000;

  /**
   * Kafka's protocol carries at most this many bytes of commit metadata; a longer one would be
   * refused only once it reached the consumer, and would keep failing its later requests.
   */
  static final int MAX_METADATA_BYTES = Short.MAX_VALUE;

  private Requests() {}

  static CompletableFuture<Void> subscribe(ConsumerInstance instance, Wire.Subscription body) {
    Optional<Pattern> pattern = topicPattern(body);
    return pattern.isPresent()
        ? instance.subscribe(pattern.get())
        : instance.subscribe(List.copyOf(body.topics()));
  }

  /**
   * Checks a subscription: its compiled {@code topic_pattern}, or empty when it lists topics (then
   * every one of them is a name Kafka could hold).
   */
  static Optional<Pattern> topicPattern(Wire.Subscription body) {
    boolean hasTopics = body.topics() != null && !body.topics().isEmpty();
    boolean hasPattern = body.topicPattern() != null && !body.topicPattern().isBlank();
    if (hasTopics == hasPattern) {
      throw RequestException.invalid(
          "Give either a non-empty \"topics\" list or a \"topic_pattern\", not both or neither");
    }
    if (hasPattern) {
      if (body.topicPattern().length() > MAX_PATTERN_LENGTH) {
        throw RequestException.invalid(
            "Invalid topic_pattern: "
                + body.topicPattern().length()
                + " characters; use at most "
                + MAX_PATTERN_LENGTH);
      }
      try {
        return Optional.of(Pattern.compile(body.topicPattern()));
      } catch (PatternSyntaxException e) {
        throw RequestException.invalid(
            "Invalid topic_pattern: " + e.getDescription() + " near index " + e.getIndex());
      }
    }
    for (String topic : body.topics()) {
      if (topic == null) {
        throw RequestException.invalid("\"topics\" lists topic names; null is not one");
      }
      topicName(topic);
    }
    return Optional.empty();
  }

  static List<PartitionOffset> offsets(Wire.Offsets body) {
    if (body.offsets() == null || body.offsets().isEmpty()) {
      throw RequestException.invalid(
          "\"offsets\" must list at least one {\"topic\",\"partition\",\"offset\"}; send no body"
              + " to commit everything delivered");
    }
    List<PartitionOffset> offsets = new ArrayList<>();
    for (Wire.Offset entry : body.offsets()) {
      // The commit stores offset + 1, the next one to read.
      if (entry == null
          || entry.offset() == null
          || entry.offset() < 0
          || entry.offset() == Long.MAX_VALUE) {
        throw RequestException.invalid(
            "Each offset needs \"offset\", the last consumed one: a whole number from 0 to "
                + (Long.MAX_VALUE - 1));
      }
      TopicPartition partition = partition(entry.topic(), entry.partition());
      offsets.add(
          new PartitionOffset(
              partition.topic(),
              partition.partition(),
              entry.offset(),
              metadata(entry.metadata())));
    }
    return offsets;
  }

  private static String metadata(String metadata) {
    if (metadata == null) {
      return "";
    }
    int bytes = metadata.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_METADATA_BYTES) {
      throw RequestException.invalid(
          "Invalid metadata: "
              + bytes
              + " bytes of UTF-8; Kafka carries at most "
              + MAX_METADATA_BYTES
              + " (and brokers store 4096 unless offset.metadata.max.bytes says more)");
    }
    return metadata;
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

  /** Epoch milliseconds (0 or more) from a whole number or an ISO-8601 date-time with an offset. */
  private static long epochMillis(JsonNode timestamp) {
    if (timestamp != null && timestamp.canConvertToLong() && timestamp.isIntegralNumber()) {
      if (timestamp.asLong() >= 0) {
        return timestamp.asLong();
      }
    } else if (timestamp != null && timestamp.isTextual()) {
      try {
        long millis = OffsetDateTime.parse(timestamp.asText()).toInstant().toEpochMilli();
        if (millis >= 0) {
          return millis;
        }
      } catch (DateTimeException | ArithmeticException e) {
        // answered below
      }
    }
    throw RequestException.invalid(
        "Invalid timestamp: "
            + given(timestamp)
            + "; expected epoch milliseconds (0 or more) or an ISO-8601 date-time from"
            + " 1970 on, such as \"2026-11-29T10:15:30Z\"");
  }

  private static String given(JsonNode value) {
    if (value == null || value.isNull()) {
      return "none";
    }
    if (value.isTextual()) {
      return shown(value.asText());
    }
    if (value.isContainerNode()) {
      return value.isArray() ? "an array" : "an object";
    }
    String text = value.toString();
    return text.length() > 40 ? text.substring(0, 40) + "…" : text;
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
        long number = Queries.wholeNumber("partition", numbers.get(i), 0, Integer.MAX_VALUE);
        partitions.add(partition(topics.get(i), (int) number));
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

  private static TopicPartition partition(String topic, Integer partition) {
    if (partition == null || partition < 0) {
      throw RequestException.invalid("Each partition needs \"partition\", a number 0 or more");
    }
    return new TopicPartition(topicName(topic), partition);
  }

  /** A name Kafka could hold: 1 to 249 of {@code [a-zA-Z0-9._-]}, not "." or "..". */
  static String topicName(String topic) {
    if (topic == null) {
      throw RequestException.invalid("Each entry needs \"topic\", a topic name");
    }
    try {
      Topic.validate(topic);
      return topic;
    } catch (InvalidTopicException e) {
      throw RequestException.invalid(
          "Invalid topic name: "
              + shown(topic)
              + "; topic names are 1 to 249 characters from [a-zA-Z0-9._-], other than \".\""
              + " and \"..\"");
    }
  }

  /**
   * A value the client sent, for an error message: quoted as JSON quotes it, and cut short when
   * long, so that an answer never echoes a whole hostile body.
   */
  static String shown(String value) {
    if (value == null) {
      return "null";
    }
    int max = 80;
    String text = value.length() > max ? value.substring(0, max) : value;
    StringBuilder quoted = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        quoted.append('\\').append(c);
      } else if (Character.isISOControl(c)) {
        quoted.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        quoted.append(c);
      }
    }
    quoted.append('"');
    return value.length() > max
        ? quoted + "… (" + value.length() + " characters)"
        : quoted.toString();
  }
}
