package io.sluice.producer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.format.EmbeddedFormat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Turns a produce body into Kafka records, every one checked before any is sent: keys and values in
 * the request's embedded format ({@code binary}: base64; {@code json}: any JSON document; {@code
 * text}: a string), header values base64, partitions and timestamps not negative.
 */
public final class RecordParser {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RecordParser() {}

  /**
   * The records for {@code topic}; {@code pathPartition} (from {@code …/partitions/{p}}) applies to
   * every record and may not contradict a record's own.
   */
  public static List<ProducerRecord<byte[], byte[]>> parse(
      String topic, Optional<Integer> pathPartition, EmbeddedFormat format, ProduceRequest body) {
    return parse(
        topic,
        pathPartition,
        body,
        (index, node) -> data(index, "key", node, format),
        (index, node) -> data(index, "value", node, format));
  }

  /**
   * How a record's key or value becomes bytes; a value that does not fit throws {@link
   * IllegalArgumentException} saying why ("does not match Avro schema id 3: …").
   */
  public interface PartEncoder {
    byte[] encode(int index, JsonNode node);
  }

  /** As {@link #parse(String, Optional, EmbeddedFormat, ProduceRequest)}, with own encoders. */
  public static List<ProducerRecord<byte[], byte[]>> parse(
      String topic,
      Optional<Integer> pathPartition,
      ProduceRequest body,
      PartEncoder keys,
      PartEncoder values) {
    requireRecords(body);
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(body.records().size());
    for (int i = 0; i < body.records().size(); i++) {
      ProduceRequest.Entry entry = body.records().get(i);
      if (entry == null) {
        throw new BadRecordException(i, "a record is an object, not null");
      }
      records.add(
          new ProducerRecord<>(
              topic,
              partition(i, entry.partition(), pathPartition),
              timestamp(i, entry.timestamp()),
              encoded(i, "key", entry.key(), keys),
              encoded(i, "value", entry.value(), values),
              headers(i, entry.headers())));
    }
    return records;
  }

  /** Null stays null (a record without key, or a tombstone). */
  private static byte[] encoded(int index, String part, JsonNode node, PartEncoder encoder) {
    if (node == null || node.isNull()) {
      return null;
    }
    try {
      return encoder.encode(index, node);
    } catch (IllegalArgumentException e) {
      throw new BadRecordException(index, "the " + part + " " + e.getMessage());
    }
  }

  /** Refuses a body without records. */
  public static void requireRecords(ProduceRequest body) {
    if (body == null || body.records() == null || body.records().isEmpty()) {
      throw new BadRecordException(
          "Give the records to produce: {\"records\":[{\"value\":…}]}; nothing was sent");
    }
  }

  private static Integer partition(int index, Integer own, Optional<Integer> path) {
    if (own != null && own < 0) {
      throw new BadRecordException(index, "\"partition\" is a number 0 or more");
    }
    if (own != null && path.isPresent() && !own.equals(path.get())) {
      throw new BadRecordException(
          index, "\"partition\" is " + own + " but the path names partition " + path.get());
    }
    return own != null ? own : path.orElse(null);
  }

  private static Long timestamp(int index, Long timestamp) {
    if (timestamp != null && timestamp < 0) {
      throw new BadRecordException(index, "\"timestamp\" is epoch milliseconds, 0 or more");
    }
    return timestamp;
  }

  private static byte[] data(int index, String part, JsonNode node, EmbeddedFormat format) {
    if (node == null || node.isNull()) {
      return null;
    }
    return switch (format) {
      case BINARY -> base64(index, part, node);
      case TEXT -> {
        if (!node.isTextual()) {
          throw new BadRecordException(index, "the " + part + " of a text record is a string");
        }
        yield node.textValue().getBytes(StandardCharsets.UTF_8);
      }
      case JSON -> {
        try {
          yield JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
          throw new BadRecordException(index, "the " + part + " cannot be written as JSON");
        }
      }
      case AVRO, JSONSCHEMA, PROTOBUF ->
          throw new IllegalStateException(format + " records are encoded with their schema");
    };
  }

  private static byte[] base64(int index, String part, JsonNode node) {
    if (node.isTextual()) {
      try {
        return Base64.getDecoder().decode(node.textValue());
      } catch (IllegalArgumentException e) {
        // answered below
      }
    }
    throw new BadRecordException(
        index, "the " + part + " of a binary record is a base64 string; this one is not");
  }

  private static RecordHeaders headers(int index, List<ProduceRequest.Header> headers) {
    RecordHeaders result = new RecordHeaders();
    if (headers == null) {
      return result;
    }
    for (ProduceRequest.Header header : headers) {
      if (header == null || header.key() == null) {
        throw new BadRecordException(index, "each header needs a \"key\"");
      }
      byte[] value = null;
      if (header.value() != null) {
        try {
          value = Base64.getDecoder().decode(header.value());
        } catch (IllegalArgumentException e) {
          throw new BadRecordException(
              index, "the value of header \"" + header.key() + "\" is not base64");
        }
      }
      result.add(new RecordHeader(header.key(), value));
    }
    return result;
  }
}
