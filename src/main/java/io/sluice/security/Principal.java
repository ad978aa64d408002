package io.sluice.security;

import java.util.Objects;
import java.util.Optional;

/**
 * Who made a request, as authentication established it. Instances belong to the name, never to a
 * credential, so a refreshed token or a changed password keeps them. The Kafka login, when the
 * caller's credentials pass through to Kafka, never appears in {@link #toString()}.
 */
public final class Principal {
  /** Everyone, when {@code auth.mode=none}. */
  public static final Principal ANONYMOUS = new Principal("anonymous", null);

  private final String name;
  private final KafkaLogin kafkaLogin;

  Principal(String name, KafkaLogin kafkaLogin) {
    this.name = Objects.requireNonNull(name);
    this.kafkaLogin = kafkaLogin;
  }

  public String name() {
    return name;
  }

  /** The caller's own credentials for Kafka, with {@code auth.kafka.passthrough=true}. */
  public Optional<KafkaLogin> kafkaLogin() {
    return Optional.ofNullable(kafkaLogin);
  }

  @Override
  public String toString() {
    return name;
  }
}
