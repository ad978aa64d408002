package io.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  @Test
  void defaultsApplyWhenNothingIsGiven() {
    Settings settings = ConfigLoader.load(Optional.empty(), Map.of());

    assertThat(settings.httpHost()).isEqualTo("0.0.0.0");
    assertThat(settings.httpPort()).isEqualTo(8082);
    assertThat(settings.bootstrapServers()).isEmpty();
    assertThat(settings.instanceTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(settings.requestTimeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(settings.requestMaxBytes()).isEqualTo(67108864L);
    assertThat(settings.embeddedKafkaPort()).isEqualTo(9092);
    assertThat(settings.embeddedDemo()).isTrue();
  }

  @Test
  void fileOverridesDefaultsAndEnvironmentOverridesFile() throws IOException {
    Path file = dir.resolve("sluice.properties");
    Files.writeString(file, "http.port=9000\nconsumer.max.instances=7\n");

    Settings settings =
        ConfigLoader.load(Optional.of(file), Map.of("SLUICE_HTTP_PORT", "9100", "HOME", "/root"));

    assertThat(settings.httpPort()).isEqualTo(9100);
    assertThat(settings.maxInstances()).isEqualTo(7);
  }

  @Test
  void kafkaKeysPassThroughByPrefix() {
    Settings settings =
        ConfigLoader.load(
            Optional.empty(),
            Map.of(
                "SLUICE_KAFKA_BOOTSTRAP_SERVERS", "broker:9092",
                "SLUICE_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "SLUICE_KAFKA_CONSUMER_MAX_POLL_RECORDS", "100"));

    assertThat(settings.bootstrapServers()).contains("broker:9092");
    assertThat(settings.kafkaCommon()).containsEntry("security.protocol", "SASL_SSL");
    assertThat(settings.kafkaConsumer()).isEqualTo(Map.of("max.poll.records", "100"));
  }

  @Test
  void environmentNamesReplaceDotsAndDashes() {
    assertThat(ConfigKey.environmentName("a.b-c.d")).isEqualTo("SLUICE_A_B_C_D");
    assertThat(ConfigKey.HTTP_ADVERTISED_URL.environmentName())
        .isEqualTo("SLUICE_HTTP_ADVERTISED_URL");
  }

  @Test
  void badValueNamesKeyValueAndWhatIsAllowed() {
    assertThatThrownBy(() -> ConfigLoader.resolve(Map.of("http.port", "eighty")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage(
            "Invalid configuration: http.port=\"eighty\"; expected a port number from 0 to 65535");
    assertThatThrownBy(() -> ConfigLoader.resolve(Map.of("consumer.request.max.bytes", "0")))
        .hasMessageContaining("consumer.request.max.bytes=\"0\"")
        .hasMessageContaining("1 or more");
    assertThatThrownBy(() -> ConfigLoader.resolve(Map.of("embedded.demo", "maybe")))
        .hasMessageContaining("true or false");
  }

  @Test
  void unknownKeysAreRefused() {
    assertThatThrownBy(() -> ConfigLoader.resolve(Map.of("http.prot", "1")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("http.prot");
    assertThatThrownBy(() -> ConfigLoader.resolve(Map.of("kafka.consumer.no.such.thing", "1")))
        .hasMessageContaining("kafka.consumer.no.such.thing");
  }

  @Test
  void settingsSluiceOwnsAreRefused() {
    assertThatThrownBy(
            () -> ConfigLoader.resolve(Map.of("kafka.consumer.enable.auto.commit", "true")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("Sluice sets enable.auto.commit itself");
  }

  @Test
  void unrelatedEnvironmentVariablesAreIgnored() {
    Settings settings =
        ConfigLoader.load(
            Optional.empty(), Map.of("SLUICE_TEST_BOOTSTRAP_SERVERS", "x:1", "PATH", "/bin"));

    assertThat(settings.bootstrapServers()).isEmpty();
  }

  @Test
  void unreadableFileIsRefused() {
    assertThatThrownBy(() -> ConfigLoader.load(Optional.of(dir.resolve("missing")), Map.of()))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("--config");
  }

  @Test
  void printedConfigurationHidesKafkaSecretsAndShowsTheRest() {
    Map<String, String> printed =
        ConfigLoader.effective(
            Optional.empty(),
            Map.of(
                "SLUICE_KAFKA_SASL_JAAS_CONFIG", "PlainLoginModule required password=\"s3cret\";",
                "SLUICE_KAFKA_SSL_TRUSTSTORE_PASSWORD", "changeit",
                "SLUICE_KAFKA_CONSUMER_SSL_KEY_PASSWORD", "keypass",
                "SLUICE_KAFKA_SECURITY_PROTOCOL", "SASL_SSL"));

    assertThat(printed)
        .containsEntry("kafka.sasl.jaas.config", "[hidden]")
        .containsEntry("kafka.ssl.truststore.password", "[hidden]")
        .containsEntry("kafka.consumer.ssl.key.password", "[hidden]")
        .containsEntry("kafka.security.protocol", "SASL_SSL")
        .containsEntry("http.port", "8082");
    assertThat(printed.values()).noneMatch(v -> v.contains("s3cret") || v.contains("changeit"));
  }

  @Test
  void everyKeyHasADescriptionAndAValidDefault() {
    for (ConfigKey key : ConfigKey.values()) {
      assertThat(key.description()).as(key.key()).isNotBlank();
      assertThat(key.type().problem(key.defaultValue())).as(key.key()).isNull();
    }
  }
}
