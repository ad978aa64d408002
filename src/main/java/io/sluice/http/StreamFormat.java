package io.sluice.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.sluice.consumer.Rebalances;
import io.sluice.consumer.RenderedRecord;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * How a stream of records is written (DESIGN §1.5): Server-Sent Events, with ids, rebalance and
 * error events and keep-alive comments, or NDJSON, one record object per line and nothing else.
 * Records arrive rendered; this only frames them.
 */
enum StreamFormat {
  SSE("text/event-stream") {
    /** Records of one partition come in runs: their id prefix is encoded once per run. */
    @Override
    byte[] records(List<RenderedRecord> records) {
      ByteArrayBuilder out = new ByteArrayBuilder();
      TopicPartition partition = null;
      byte[] idPrefix = null;
      for (RenderedRecord record : records) {
        if (record.partition() != partition) {
          partition = record.partition();
          idPrefix = ascii("id: " + partition.topic() + "/" + partition.partition() + "/");
        }
        out.write(idPrefix);
        out.write(ascii(Long.toString(record.offset())));
        out.write(RECORD_EVENT);
        out.write(record.json());
        out.write(EVENT_END);
      }
      return out.toByteArray();
    }

    @Override
    byte[] rebalance(Rebalances.Event event) {
      List<Map<String, Object>> partitions =
          event.partitions().stream()
              .map(p -> Map.<String, Object>of("topic", p.topic(), "partition", p.partition()))
              .toList();
      boolean assigned = event.kind() == Rebalances.Kind.ASSIGNED;
      return event(
          "rebalance",
          Map.of(
              "assigned", assigned ? partitions : List.of(),
              "revoked", assigned ? List.of() : partitions));
    }

    @Override
    byte[] error(ApiError error) {
      return event("error", error);
    }

    @Override
    byte[] keepAlive() {
      return ascii(": keep-alive\n\n");
    }

    private byte[] event(String name, Object data) {
      try {
        ByteArrayBuilder out = new ByteArrayBuilder();
        out.write(ascii("event: " + name + "\ndata: "));
        out.write(Json.MAPPER.writeValueAsBytes(data));
        out.write(EVENT_END);
        return out.toByteArray();
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
    }
  },
  NDJSON("application/x-ndjson") {
    @Override
    byte[] records(List<RenderedRecord> records) {
      ByteArrayBuilder out = new ByteArrayBuilder();
      for (RenderedRecord record : records) {
        out.write(record.json());
        out.write('\n');
      }
      return out.toByteArray();
    }
  };

  private static final byte[] RECORD_EVENT = ascii("\nevent: record\ndata: ");
  private static final byte[] EVENT_END = ascii("\n\n");

  private final String mediaType;

  StreamFormat(String mediaType) {
    this.mediaType = mediaType;
  }

  String mediaType() {
    return mediaType;
  }

  /** The records, framed, in one chunk. */
  abstract byte[] records(List<RenderedRecord> records);

  /** A rebalance event, or null where the format has none. */
  byte[] rebalance(Rebalances.Event event) {
    return null;
  }

  /** The error event that ends a stream, or null where the format has none. */
  byte[] error(ApiError error) {
    return null;
  }

  /** What keeps an idle connection open through proxies, or null where the format has none. */
  byte[] keepAlive() {
    return null;
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
