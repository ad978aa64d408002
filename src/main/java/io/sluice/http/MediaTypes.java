package io.sluice.http;

import io.sluice.format.EmbeddedFormat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Content negotiation: which request bodies Sluice reads and which answer an Accept allows. */
final class MediaTypes {
  static final String V2 = "application/vnd.kafka.v2+json";
  static final String JSON = "application/json";
  private static final Pattern EMBEDDED =
      Pattern.compile("application/vnd\\.kafka\\.([a-z]+)\\.v2\\+json");
  private static final Pattern Q = Pattern.compile("(?i)^\\s*q\\s*=\\s*([0-9.]+)\\s*$");

  private MediaTypes() {}

  private record Range(String type, double q) {}

  /**
   * Request bodies are JSON: the v2 vendor type, an embedded-format type, plain {@code
   * application/json} (a leniency for curl users), or no Content-Type at all.
   */
  static void requireJsonBody(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      return;
    }
    String type = essence(contentType);
    if (type.equals(V2)
        || type.equals(JSON)
        || type.equals("application/vnd.kafka+json")
        || EMBEDDED.matcher(type).matches()) {
      return;
    }
    throw new RequestException(
        415,
        415,
        "Unsupported Content-Type "
            + Requests.shown(type)
            + "; send "
            + V2
            + " or "
            + JSON
            + " (curl: -H 'Content-Type: application/json')");
  }

  /**
   * The embedded format of a produce body: from {@code application/vnd.kafka.<format>.v2+json};
   * plain JSON types (or none) mean {@code json}. Other types are 415.
   */
  static EmbeddedFormat forProduce(String contentType) {
    requireJsonBody(contentType);
    if (contentType != null) {
      Matcher embedded = EMBEDDED.matcher(essence(contentType));
      if (embedded.matches()) {
        return EmbeddedFormat.fromName(embedded.group(1))
            .orElseThrow(
                () ->
                    new RequestException(
                        415,
                        415,
                        "Unsupported embedded format "
                            + embedded.group(1)
                            + "; produce binary, json, text, avro, jsonschema or protobuf"));
      }
    }
    return EmbeddedFormat.JSON;
  }

  /**
   * The media type of a records answer for an instance of this format, or 406 (error code 40601)
   * when the Accept header allows none: it names another embedded format, say.
   */
  /**
   * The stream a GET records request asks for: its most preferred Accept range is {@code
   * text/event-stream} or {@code application/x-ndjson}; empty for a batch answer.
   */
  static Optional<StreamFormat> streamFor(String accept) {
    if (accept == null || accept.isBlank()) {
      return Optional.empty();
    }
    List<Range> ranges = ranges(accept);
    if (ranges.isEmpty()) {
      return Optional.empty();
    }
    String preferred = ranges.get(0).type();
    for (StreamFormat format : StreamFormat.values()) {
      if (format.mediaType().equals(preferred)) {
        return Optional.of(format);
      }
    }
    return Optional.empty();
  }

  static String forRecords(EmbeddedFormat format, String accept) {
    if (accept == null || accept.isBlank()) {
      return format.mediaType();
    }
    for (Range range : ranges(accept)) {
      String type = range.type();
      if (type.equals("*/*") || type.equals("application/*") || type.equals(V2)) {
        return format.mediaType();
      }
      if (type.equals(JSON)) {
        return JSON;
      }
      Matcher embedded = EMBEDDED.matcher(type);
      if (embedded.matches() && embedded.group(1).equals(format.wireName())) {
        return format.mediaType();
      }
    }
    throw new RequestException(
        406,
        40601,
        "The consumer instance's format is "
            + format.wireName()
            + " but Accept allows only "
            + Requests.shown(accept.trim())
            + "; ask for "
            + format.mediaType()
            + " or "
            + V2
            + " (or text/event-stream or application/x-ndjson for a stream)");
  }

  /** Media ranges with q above 0, most preferred first (ties keep their order). */
  private static List<Range> ranges(String accept) {
    List<Range> ranges = new ArrayList<>();
    for (String part : accept.split(",")) {
      String[] pieces = part.split(";");
      String type = pieces.length == 0 ? "" : pieces[0].trim().toLowerCase(Locale.ROOT);
      if (type.isEmpty()) {
        continue;
      }
      double q = 1.0;
      for (int i = 1; i < pieces.length; i++) {
        Matcher m = Q.matcher(pieces[i]);
        if (m.matches()) {
          try {
            q = Double.parseDouble(m.group(1));
          } catch (NumberFormatException e) {
            q = 0;
          }
        }
      }
      if (q > 0) {
        ranges.add(new Range(type, q));
      }
    }
    ranges.sort(Comparator.comparingDouble(Range::q).reversed());
    return ranges;
  }

  private static String essence(String contentType) {
    int semicolon = contentType.indexOf(';');
    String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return type.trim().toLowerCase(Locale.ROOT);
  }
}
