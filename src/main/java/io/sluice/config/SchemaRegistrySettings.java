package io.sluice.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Where the schema registry is and how to reach it, for the avro, jsonschema and protobuf formats.
 * Secrets never appear in {@link #toString()}.
 *
 * @param urls tried in order for every request; empty means the schema formats are off
 * @param userInfo {@code user:password} for HTTP Basic, when the registry wants credentials
 * @param truststore trusted CAs for an https registry; empty trusts the JDK's
 * @param requestTimeout how long one URL may take to answer before the next is tried
 * @param cacheMaxSchemas parsed schemas kept by id
 */
public record SchemaRegistrySettings(
    List<URI> urls,
    Optional<String> userInfo,
    Optional<Truststore> truststore,
    Duration requestTimeout,
    int cacheMaxSchemas) {

  public SchemaRegistrySettings {
    urls = List.copyOf(urls);
  }

  /** Whether a registry is configured, so the schema formats can be offered. */
  public boolean enabled() {
    return !urls.isEmpty();
  }

  @Override
  public String toString() {
    return "SchemaRegistrySettings[urls="
        + urls
        + ", basicAuth="
        + userInfo.isPresent()
        + ", truststore="
        + truststore.map(Truststore::path).map(Path::toString).orElse("JDK")
        + ", requestTimeout="
        + requestTimeout
        + ", cacheMaxSchemas="
        + cacheMaxSchemas
        + "]";
  }

  /** A PKCS#12 truststore; the password never appears in {@link #toString()}. */
  public record Truststore(Path path, String password) {
    @Override
    public String toString() {
      return "Truststore[" + path + "]";
    }
  }
}
