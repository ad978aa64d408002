package io.sluice.config;

import io.sluice.config.SchemaRegistrySettings.Truststore;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds {@link SchemaRegistrySettings}; refusals name the key but never echo credentials. */
final class SchemaRegistryConfig {
  private SchemaRegistryConfig() {}

  static SchemaRegistrySettings resolve(Map<ConfigKey, String> v) {
    List<URI> urls =
        Arrays.stream(v.get(ConfigKey.SCHEMA_REGISTRY_URL).split(","))
            .map(String::trim)
            .filter(url -> !url.isEmpty())
            .map(url -> url.endsWith("/") ? url.substring(0, url.length() - 1) : url)
            .map(URI::create)
            .toList();
    Optional<String> userInfo =
        ConfigLoader.optional(v.get(ConfigKey.SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO));
    if (userInfo.isPresent() && userInfo.get().indexOf(':') < 1) {
      throw InvalidConfigException.of(
          ConfigKey.SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO.key(), "[hidden]", "user:password");
    }
    Optional<Path> location =
        ConfigLoader.optional(v.get(ConfigKey.SCHEMA_REGISTRY_SSL_TRUSTSTORE_LOCATION))
            .map(Path::of);
    if (location.isPresent() && !Files.isReadable(location.get())) {
      throw InvalidConfigException.of(
          ConfigKey.SCHEMA_REGISTRY_SSL_TRUSTSTORE_LOCATION.key(),
          location.get().toString(),
          "a readable PKCS#12 file");
    }
    return new SchemaRegistrySettings(
        urls,
        userInfo,
        location.map(
            path -> new Truststore(path, v.get(ConfigKey.SCHEMA_REGISTRY_SSL_TRUSTSTORE_PASSWORD))),
        Duration.ofMillis(Long.parseLong(v.get(ConfigKey.SCHEMA_REGISTRY_REQUEST_TIMEOUT_MS))),
        (int)
            Math.min(
                Long.parseLong(v.get(ConfigKey.SCHEMA_REGISTRY_CACHE_MAX_SCHEMAS)),
                Integer.MAX_VALUE));
  }
}
