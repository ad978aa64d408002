package io.sluice.bench;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * One throughput topic: the embedded format the gateway renders ({@code binary} or {@code json}),
 * the value size and how many records it holds. Keys are {@code user-<n>} strings either way; json
 * values are JSON objects of exactly {@code valueBytes} bytes, binary values random bytes.
 */
record Workload(String format, int valueBytes, int records) {
  static final int PARTITIONS = 8;
  private static final int USERS = 10_000;

  String topic() {
    return "bench-" + format + "-" + valueBytes;
  }

  String label() {
    return format + ", " + (valueBytes >= 1024 ? valueBytes / 1024 + " KiB" : valueBytes + " B");
  }

  String accept() {
    return "application/vnd.kafka." + format + ".v2+json";
  }

  /** The key and value bytes of all its records, as {@link Broker#fill} answers them. */
  long bytes() {
    long bytes = (long) records * valueBytes;
    for (int i = 0; i < records; i++) {
      bytes += key(i).length;
    }
    return bytes;
  }

  byte[] key(int index) {
    return ("user-" + index % USERS).getBytes(StandardCharsets.US_ASCII);
  }

  /** The value of record {@code index}; {@code random} fills binary values. */
  byte[] value(int index, Random random) {
    if (format.equals("binary")) {
      byte[] value = new byte[valueBytes];
      random.nextBytes(value);
      return value;
    }
    String head = "{\"user\":\"user-" + index % USERS + "\",\"seq\":" + index + ",\"pad\":\"";
    StringBuilder json = new StringBuilder(valueBytes).append(head);
    while (json.length() < valueBytes - 2) {
      json.append((char) ('a' + json.length() % 26));
    }
    return json.append("\"}").toString().getBytes(StandardCharsets.US_ASCII);
  }
}
