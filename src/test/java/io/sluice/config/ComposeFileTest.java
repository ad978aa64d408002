package io.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** docker/compose.yaml cannot be run here (no Docker engine), but its settings can be checked. */
class ComposeFileTest {
  @Test
  void everySluiceVariableInTheComposeFileIsARealSetting() throws IOException {
    JsonNode compose =
        new ObjectMapper(new YAMLFactory()).readTree(Path.of("docker/compose.yaml").toFile());
    Map<String, String> environment = new TreeMap<>();
    compose
        .get("services")
        .get("sluice")
        .get("environment")
        .properties()
        .forEach(e -> environment.put(e.getKey(), e.getValue().asText()));

    Map<String, String> settings = ConfigLoader.fromEnvironment(environment);

    assertThat(environment).isNotEmpty();
    assertThat(environment.keySet()).allMatch(name -> name.startsWith("SLUICE_"));
    assertThat(settings).hasSameSizeAs(environment);
    Settings resolved = ConfigLoader.resolve(settings);
    assertThat(resolved.bootstrapServers()).contains("kafka:9092");
    assertThat(resolved.jsonLogs()).isTrue();
  }
}
