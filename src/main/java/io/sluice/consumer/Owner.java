package io.sluice.consumer;

import java.util.Map;

/**
 * Who an instance belongs to: the name of the principal that created it, and, when the caller's own
 * credentials pass through to Kafka, the client settings it logs in with. {@link #toString()} never
 * shows those settings (they hold a password).
 */
public record Owner(String name, Map<String, String> kafkaLogin) {
  public Owner {
    kafkaLogin = Map.copyOf(kafkaLogin);
  }

  /** An owner that consumes with the gateway's own Kafka settings. */
  public static Owner named(String name) {
    return new Owner(name, Map.of());
  }

  @Override
  public String toString() {
    return name;
  }
}
