package io.sluice.http;

import io.sluice.consumer.ConsumerSpec;
import io.sluice.format.EmbeddedFormat;
import io.sluice.format.RecordFormat;
import io.sluice.format.SchemaRenderer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Body of {@code POST /consumers/{group}}: the REST Proxy fields plus the per-instance Kafka
 * settings of the allow-list. Values may be JSON strings (as REST Proxy clients send them), numbers
 * or booleans. Any other field is refused with "Unrecognized field".
 */
final class CreateConsumerRequest {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,200}");
  private static final Pattern STATIC_ID = Pattern.compile("(?!\\.{1,2}$)[A-Za-z0-9._-]{1,249}");
  private static final int MAX_GROUP_LENGTH = 249;
  private static final Map<String, String> OFFSET_RESETS =
      Map.of(
          "earliest", "earliest",
          "latest", "latest",
          "none", "none",
          "smallest", "earliest",
          "largest", "latest");
  private static final Map<String, String> ASSIGNORS =
      Map.of(
          "range", "org.apache.kafka.clients.consumer.RangeAssignor",
          "roundrobin", "org.apache.kafka.clients.consumer.RoundRobinAssignor",
          "sticky", "org.apache.kafka.clients.consumer.StickyAssignor",
          "cooperative-sticky", "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
  static final List<String> OVERRIDES =
      List.of(
          "group.instance.id",
          "partition.assignment.strategy",
          "group.protocol",
          "group.remote.assignor",
          "session.timeout.ms",
          "heartbeat.interval.ms",
          "max.poll.interval.ms",
          "max.poll.records",
          "isolation.level",
          "client.id",
          "auto.commit.interval.ms");

  private CreateConsumerRequest() {}

  private static final List<String> FIELDS =
      List.of(
          "name",
          "format",
          "key.format",
          "value.format",
          "auto.offset.reset",
          "auto.commit.enable",
          "fetch.min.bytes",
          "consumer.request.timeout.ms",
          "consumer.instance.timeout.ms");
  private static final long MIN_INSTANCE_TIMEOUT_MS = 1000;

  /**
   * Checks every field of the parsed body ({@code null} for no body); an instance timeout may not
   * exceed {@code maxInstanceTimeout}.
   */
  static ConsumerSpec toSpec(String group, Map<String, Object> body, Duration maxInstanceTimeout) {
    return toSpec(group, body, maxInstanceTimeout, Optional.empty());
  }

  /**
   * As {@link #toSpec(String, Map, Duration)}; the schema formats ({@code avro}, {@code
   * jsonschema}, {@code protobuf}) render through {@code schemas}, and without it are refused.
   */
  static ConsumerSpec toSpec(
      String group,
      Map<String, Object> body,
      Duration maxInstanceTimeout,
      Optional<SchemaRenderer> schemas) {
    Map<String, String> fields = new HashMap<>();
    Map<String, String> overrides = new HashMap<>();
    if (body != null) {
      for (Map.Entry<String, Object> field : body.entrySet()) {
        String name = field.getKey();
        if (!FIELDS.contains(name) && !OVERRIDES.contains(name)) {
          throw RequestException.invalid("Unrecognized field: " + fieldName(name));
        }
        String value = text(name, field.getValue());
        fields.put(name, value);
        if (OVERRIDES.contains(name)) {
          overrides.put(name, override(name, value));
        }
      }
    }
    return new ConsumerSpec(
        checkedGroup(group),
        Optional.ofNullable(fields.get("name")).map(CreateConsumerRequest::checkedName),
        recordFormat(fields, schemas),
        Optional.ofNullable(fields.get("auto.offset.reset"))
            .map(CreateConsumerRequest::offsetReset),
        Optional.ofNullable(fields.get("auto.commit.enable"))
            .map(v -> bool("auto.commit.enable", v))
            .orElse(true),
        Optional.ofNullable(fields.get("fetch.min.bytes"))
            .map(v -> Math.max(1, Queries.wholeNumber("fetch.min.bytes", v, -1)))
            .orElse(1L),
        Optional.ofNullable(fields.get("consumer.request.timeout.ms"))
            .map(v -> Duration.ofMillis(Queries.wholeNumber("consumer.request.timeout.ms", v, 0))),
        Optional.ofNullable(fields.get("consumer.instance.timeout.ms"))
            .map(v -> instanceTimeout(v, maxInstanceTimeout)),
        overrides);
  }

  /** A field name as the client wrote it, quoted only when it is odd or long. */
  private static String fieldName(String name) {
    return name.matches("[A-Za-z0-9._-]{1,64}") ? name : Requests.shown(name);
  }

  private static String text(String field, Object value) {
    if (value instanceof String || value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    if (value == null) {
      return null;
    }
    throw RequestException.invalid(
        "Invalid "
            + field
            + ": expected a string, number or boolean, not "
            + (value instanceof List ? "an array" : "an object"));
  }

  private static String override(String key, String value) {
    if (value == null) {
      throw RequestException.invalid(
          "Invalid " + key + ": null; give a value, or leave the field out for the default");
    }
    if (key.equals("partition.assignment.strategy")) {
      String assignor = ASSIGNORS.get(value.toLowerCase(Locale.ROOT));
      if (assignor == null) {
        throw RequestException.invalid(
            "Invalid partition.assignment.strategy: "
                + Requests.shown(value)
                + "; expected range, roundrobin, sticky or cooperative-sticky");
      }
      return assignor;
    }
    if (key.equals("group.instance.id") && !STATIC_ID.matcher(value).matches()) {
      // Kafka's own rule for static member ids; it refuses others only deep in the client.
      throw new RequestException(
          422,
          42204,
          "Invalid group.instance.id: "
              + Requests.shown(value)
              + "; use 1 to 249 letters, digits, '.', '_' or '-'");
    }
    return value;
  }

  /**
   * Kafka takes almost any group id, but not a blank one; control characters help no one, and "."
   * and ".." cannot stand as a path segment of the instance's URI.
   */
  private static String checkedGroup(String group) {
    if (group.isBlank()
        || group.equals(".")
        || group.equals("..")
        || group.length() > MAX_GROUP_LENGTH
        || group.chars().anyMatch(Character::isISOControl)) {
      throw RequestException.invalid(
          "Invalid consumer group "
              + Requests.shown(group)
              + ": use 1 to "
              + MAX_GROUP_LENGTH
              + " characters, not all spaces, without control characters, other than \".\" and"
              + " \"..\"");
    }
    return group;
  }

  /** Also a URI path segment: "." and ".." would be resolved away. */
  private static String checkedName(String name) {
    if (!NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
      throw RequestException.invalid(
          "Invalid name: "
              + Requests.shown(name)
              + "; use 1 to 200 letters, digits, '.', '_' or '-', other than \".\" and \"..\"");
    }
    return name;
  }

  /**
   * {@code key.format} and {@code value.format} override {@code format} for their part. A json key
   * falls back to text unless {@code key.format} says json explicitly.
   */
  private static RecordFormat recordFormat(
      Map<String, String> fields, Optional<SchemaRenderer> schemas) {
    EmbeddedFormat format = embeddedFormat("format", fields.get("format"), EmbeddedFormat.BINARY);
    EmbeddedFormat key = embeddedFormat("key.format", fields.get("key.format"), format);
    EmbeddedFormat value = embeddedFormat("value.format", fields.get("value.format"), format);
    boolean lenientKey = key == EmbeddedFormat.JSON && fields.get("key.format") == null;
    if ((key.usesSchemas() || value.usesSchemas()) && schemas.isEmpty()) {
      throw RequestException.invalid(
          "Invalid format: "
              + (value.usesSchemas() ? value : key).wireName()
              + " needs a schema registry, and this gateway has none; set schema.registry.url, or"
              + " consume as binary");
    }
    return new RecordFormat(key, value, lenientKey, schemas.orElse(SchemaRenderer.NONE));
  }

  private static EmbeddedFormat embeddedFormat(
      String field, String value, EmbeddedFormat otherwise) {
    if (value == null) {
      return otherwise;
    }
    return EmbeddedFormat.fromName(value)
        .orElseThrow(
            () ->
                RequestException.invalid(
                    "Invalid "
                        + field
                        + ": "
                        + Requests.shown(value)
                        + "; expected binary, json, text, avro, jsonschema or protobuf"));
  }

  private static Duration instanceTimeout(String value, Duration max) {
    long millis =
        Queries.wholeNumber("consumer.instance.timeout.ms", value, MIN_INSTANCE_TIMEOUT_MS);
    if (millis > max.toMillis()) {
      throw RequestException.invalid(
          "Invalid consumer.instance.timeout.ms: "
              + millis
              + "; this gateway allows at most "
              + max.toMillis()
              + " (consumer.instance.timeout.max.ms)");
    }
    return Duration.ofMillis(millis);
  }

  private static String offsetReset(String value) {
    String reset = OFFSET_RESETS.get(value.toLowerCase(Locale.ROOT));
    if (reset == null) {
      throw RequestException.invalid(
          "Invalid auto.offset.reset: "
              + Requests.shown(value)
              + "; expected earliest, latest or none");
    }
    return reset;
  }

  private static boolean bool(String field, String value) {
    String lower = value.toLowerCase(Locale.ROOT);
    if (!lower.equals("true") && !lower.equals("false")) {
      throw RequestException.invalid(
          "Invalid " + field + ": " + Requests.shown(value) + "; expected \"true\" or \"false\"");
    }
    return lower.equals("true");
  }
}
