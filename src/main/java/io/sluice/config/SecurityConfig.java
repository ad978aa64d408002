package io.sluice.config;

import io.sluice.config.SecuritySettings.AuthMode;
import io.sluice.config.SecuritySettings.ClientAuth;
import io.sluice.config.SecuritySettings.Tls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Builds {@link SecuritySettings} and refuses combinations that cannot work, naming the key. */
final class SecurityConfig {
  private static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

  private SecurityConfig() {}

  static SecuritySettings resolve(Map<ConfigKey, String> v) {
    AuthMode mode = AuthMode.valueOf(v.get(ConfigKey.AUTH_MODE).toUpperCase(Locale.ROOT));
    Optional<Path> usersFile = file(ConfigKey.AUTH_BASIC_USERS_FILE, v);
    Optional<String> jwks = ConfigLoader.optional(v.get(ConfigKey.AUTH_BEARER_JWKS));
    if (jwks.isPresent() && !jwks.get().matches("(?i)https?://.+")) {
      file(ConfigKey.AUTH_BEARER_JWKS, v);
    }
    Optional<String> issuer = ConfigLoader.optional(v.get(ConfigKey.AUTH_BEARER_ISSUER));
    Optional<String> audience = ConfigLoader.optional(v.get(ConfigKey.AUTH_BEARER_AUDIENCE));
    Duration skew = Duration.ofMillis(Long.parseLong(v.get(ConfigKey.AUTH_BEARER_CLOCK_SKEW_MS)));
    if (skew.compareTo(MAX_CLOCK_SKEW) > 0) {
      throw invalid(ConfigKey.AUTH_BEARER_CLOCK_SKEW_MS, v, "at most 300000 (five minutes)");
    }
    Optional<Tls> tls = tls(v);
    switch (mode) {
      case BASIC -> require(usersFile, ConfigKey.AUTH_BASIC_USERS_FILE, v, mode);
      case BEARER -> {
        require(jwks, ConfigKey.AUTH_BEARER_JWKS, v, mode);
        require(issuer, ConfigKey.AUTH_BEARER_ISSUER, v, mode);
        require(audience, ConfigKey.AUTH_BEARER_AUDIENCE, v, mode);
      }
      case MTLS -> {
        if (tls.isEmpty() || tls.get().clientAuth() == ClientAuth.NONE) {
          throw invalid(
              ConfigKey.HTTP_TLS_CLIENT_AUTH,
              v,
              "want or need, with http.tls.keystore.path and http.tls.truststore.path, for"
                  + " auth.mode=mtls");
        }
      }
      case NONE -> {}
    }
    boolean passthrough = Boolean.parseBoolean(v.get(ConfigKey.AUTH_KAFKA_PASSTHROUGH));
    if (passthrough && mode != AuthMode.BASIC) {
      throw invalid(
          ConfigKey.AUTH_KAFKA_PASSTHROUGH,
          v,
          "false unless auth.mode=basic: only Basic credentials can be handed to Kafka");
    }
    return new SecuritySettings(
        mode,
        usersFile,
        jwks,
        issuer,
        audience,
        v.get(ConfigKey.AUTH_BEARER_PRINCIPAL_CLAIM),
        skew,
        file(ConfigKey.AUTH_RULES_FILE, v),
        (int) Math.min(Long.parseLong(v.get(ConfigKey.AUTH_MAX_INSTANCES_PER_PRINCIPAL)), 1 << 30),
        Boolean.parseBoolean(v.get(ConfigKey.AUTH_METRICS_OPEN)),
        Boolean.parseBoolean(v.get(ConfigKey.AUTH_DOCS_OPEN)),
        passthrough,
        v.get(ConfigKey.AUTH_KAFKA_PASSTHROUGH_MECHANISM),
        tls,
        origins(v.get(ConfigKey.HTTP_CORS_ORIGINS)));
  }

  private static Optional<Tls> tls(Map<ConfigKey, String> v) {
    Optional<Path> keystore = file(ConfigKey.HTTP_TLS_KEYSTORE_PATH, v);
    Optional<Path> truststore = file(ConfigKey.HTTP_TLS_TRUSTSTORE_PATH, v);
    ClientAuth clientAuth =
        ClientAuth.valueOf(v.get(ConfigKey.HTTP_TLS_CLIENT_AUTH).toUpperCase(Locale.ROOT));
    if (keystore.isEmpty()) {
      if (clientAuth != ClientAuth.NONE || truststore.isPresent()) {
        throw invalid(
            ConfigKey.HTTP_TLS_KEYSTORE_PATH,
            v,
            "a PKCS#12 keystore: client certificates need HTTPS");
      }
      return Optional.empty();
    }
    if (clientAuth != ClientAuth.NONE && truststore.isEmpty()) {
      throw invalid(
          ConfigKey.HTTP_TLS_TRUSTSTORE_PATH,
          v,
          "a PKCS#12 truststore with the CA that signs client certificates");
    }
    return Optional.of(
        new Tls(
            keystore.get(),
            v.get(ConfigKey.HTTP_TLS_KEYSTORE_PASSWORD),
            clientAuth,
            truststore,
            v.get(ConfigKey.HTTP_TLS_TRUSTSTORE_PASSWORD)));
  }

  private static List<String> origins(String value) {
    return Arrays.stream(value.split(","))
        .map(String::trim)
        .filter(origin -> !origin.isEmpty())
        .map(origin -> origin.endsWith("/") ? origin.substring(0, origin.length() - 1) : origin)
        .toList();
  }

  /** A configured file must exist when the gateway starts, so a typo fails at once. */
  private static Optional<Path> file(ConfigKey key, Map<ConfigKey, String> v) {
    Optional<Path> path = ConfigLoader.optional(v.get(key)).map(Path::of);
    if (path.isPresent() && !Files.isReadable(path.get())) {
      throw invalid(key, v, "a readable file");
    }
    return path;
  }

  private static void require(
      Optional<?> value, ConfigKey key, Map<ConfigKey, String> v, AuthMode mode) {
    if (value.isEmpty()) {
      throw invalid(
          key, v, "a value: auth.mode=" + mode.name().toLowerCase(Locale.ROOT) + " needs it");
    }
  }

  private static InvalidConfigException invalid(
      ConfigKey key, Map<ConfigKey, String> v, String allowed) {
    return InvalidConfigException.of(key.key(), v.get(key), allowed);
  }
}
