package io.sluice.security;

import java.util.Map;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.security.plain.PlainLoginModule;
import org.apache.kafka.common.security.scram.ScramLoginModule;

/**
 * A caller's user name and password as a SASL login for Kafka clients. The password lives only here
 * and in the client settings built from it; {@link #toString()} hides it.
 */
public final class KafkaLogin {
  private final String mechanism;
  private final String user;
  private final String password;

  KafkaLogin(String mechanism, String user, String password) {
    this.mechanism = mechanism;
    this.user = user;
    this.password = password;
  }

  /**
   * The SASL settings a Kafka client needs to log in as this caller; the security protocol (with or
   * without TLS) stays as configured under {@code kafka.*}.
   */
  public Map<String, String> clientSettings() {
    String module =
        mechanism.equals("PLAIN")
            ? PlainLoginModule.class.getName()
            : ScramLoginModule.class.getName();
    return Map.of(
        SaslConfigs.SASL_MECHANISM,
        mechanism,
        SaslConfigs.SASL_JAAS_CONFIG,
        module
            + " required username=\""
            + quoted(user)
            + "\" password=\""
            + quoted(password)
            + "\";");
  }

  /** Who logs in; names a cached client, never the password. */
  public String user() {
    return user;
  }

  private static String quoted(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  @Override
  public String toString() {
    return "KafkaLogin[" + mechanism + " as " + user + "]";
  }
}
