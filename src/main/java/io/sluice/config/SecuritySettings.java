package io.sluice.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Who may call the gateway and how they reach it: authentication, authorization rules, limits,
 * HTTPS and CORS. Validated together at start, so a mode never lacks what it needs.
 *
 * @param usersFile {@code name:bcrypt-hash} lines, for {@link AuthMode#BASIC}
 * @param jwks a JWKS file path or http(s) URL, for {@link AuthMode#BEARER}
 * @param rulesFile JSON authorization rules; empty allows every authenticated principal everything
 * @param corsOrigins origins browsers may call from; {@code *} for any, empty for none
 */
public record SecuritySettings(
    AuthMode mode,
    Optional<Path> usersFile,
    Optional<String> jwks,
    Optional<String> issuer,
    Optional<String> audience,
    String principalClaim,
    Duration clockSkew,
    Optional<Path> rulesFile,
    int maxInstancesPerPrincipal,
    boolean metricsOpen,
    boolean docsOpen,
    boolean kafkaPassthrough,
    String passthroughMechanism,
    Optional<Tls> tls,
    List<String> corsOrigins) {

  public SecuritySettings {
    corsOrigins = List.copyOf(corsOrigins);
  }

  /** Whether clients must authenticate. */
  public boolean enabled() {
    return mode != AuthMode.NONE;
  }

  /** How clients prove who they are. */
  public enum AuthMode {
    NONE,
    BASIC,
    BEARER,
    MTLS
  }

  /** Whether and how the TLS handshake asks for a client certificate. */
  public enum ClientAuth {
    NONE,
    WANT,
    NEED
  }

  /** HTTPS from PKCS#12 stores; passwords never appear in {@link #toString()}. */
  public record Tls(
      Path keystore,
      String keystorePassword,
      ClientAuth clientAuth,
      Optional<Path> truststore,
      String truststorePassword) {
    @Override
    public String toString() {
      return "Tls[keystore=" + keystore + ", clientAuth=" + clientAuth + "]";
    }
  }
}
