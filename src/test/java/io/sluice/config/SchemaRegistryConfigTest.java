package io.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaRegistryConfigTest {
  @TempDir Path dir;

  @Test
  void schemaFormatsAreOffByDefault() {
    SchemaRegistrySettings registry = ConfigLoader.resolve(Map.of()).schemaRegistry();

    assertThat(registry.enabled()).isFalse();
    assertThat(registry.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(registry.cacheMaxSchemas()).isEqualTo(1000);
    assertThat(registry.userInfo()).isEmpty();
    assertThat(registry.truststore()).isEmpty();
  }

  @Test
  void severalUrlsAreKeptInOrderWithoutTrailingSlashes() {
    SchemaRegistrySettings registry =
        ConfigLoader.resolve(
                Map.of("schema.registry.url", "http://one:8081/, https://two:8081/apis/ccompat/v7"))
            .schemaRegistry();

    assertThat(registry.urls())
        .containsExactly(
            URI.create("http://one:8081"), URI.create("https://two:8081/apis/ccompat/v7"));
  }

  @Test
  void urlsThatAreNotHttpAreRefused() {
    assertThatThrownBy(() -> ConfigLoader.resolve(Map.of("schema.registry.url", "registry:8081")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("schema.registry.url")
        .hasMessageContaining("http(s) URLs");
    assertThatThrownBy(
            () -> ConfigLoader.resolve(Map.of("schema.registry.url", "http://a:1,,http://b:1")))
        .isInstanceOf(InvalidConfigException.class);
  }

  @Test
  void credentialsInTheUrlAreRefusedWithoutBeingEchoed() {
    assertThatThrownBy(
            () ->
                ConfigLoader.resolve(
                    Map.of("schema.registry.url", "http://sluice:s3cret@reg:8081")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("schema.registry.basic.auth.user.info")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void userInfoWithoutAColonIsRefusedWithoutBeingEchoed() {
    assertThatThrownBy(
            () ->
                ConfigLoader.resolve(
                    Map.of(
                        "schema.registry.url", "http://reg:8081",
                        "schema.registry.basic.auth.user.info", "s3cret")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("user:password")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void truststoreMustBeAReadableFile() {
    assertThatThrownBy(
            () ->
                ConfigLoader.resolve(
                    Map.of(
                        "schema.registry.ssl.truststore.location",
                        dir.resolve("missing.p12").toString())))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("schema.registry.ssl.truststore.location");
  }

  @Test
  void credentialsAndTruststoreAreRead() throws IOException {
    Path truststore = Files.writeString(dir.resolve("registry.p12"), "not really");

    SchemaRegistrySettings registry =
        ConfigLoader.resolve(
                Map.of(
                    "schema.registry.url", "https://reg:8081",
                    "schema.registry.basic.auth.user.info", "sluice:s3cret",
                    "schema.registry.ssl.truststore.location", truststore.toString(),
                    "schema.registry.ssl.truststore.password", "changeit",
                    "schema.registry.request.timeout.ms", "250",
                    "schema.registry.cache.max.schemas", "7"))
            .schemaRegistry();

    assertThat(registry.userInfo()).contains("sluice:s3cret");
    assertThat(registry.truststore()).get().extracting(t -> t.password()).isEqualTo("changeit");
    assertThat(registry.requestTimeout()).isEqualTo(Duration.ofMillis(250));
    assertThat(registry.cacheMaxSchemas()).isEqualTo(7);
    assertThat(registry.toString()).doesNotContain("s3cret").doesNotContain("changeit");
  }

  @Test
  void printedConfigurationHidesTheRegistryCredentials() {
    Map<String, String> printed =
        ConfigLoader.effective(
            Optional.empty(),
            Map.of(
                "SLUICE_SCHEMA_REGISTRY_URL", "http://reg:8081",
                "SLUICE_SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO", "sluice:s3cret",
                "SLUICE_SCHEMA_REGISTRY_SSL_TRUSTSTORE_PASSWORD", "changeit"));

    assertThat(printed)
        .containsEntry("schema.registry.url", "http://reg:8081")
        .containsEntry("schema.registry.basic.auth.user.info", "[hidden]")
        .containsEntry("schema.registry.ssl.truststore.password", "[hidden]");
  }
}
