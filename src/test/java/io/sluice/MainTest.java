package io.sluice;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.config.ConfigKey;
import org.junit.jupiter.api.Test;

class MainTest {
  @Test
  void helpListsEveryKeyWithItsDefaultAndMeaning() {
    String help = Main.help();

    for (ConfigKey key : ConfigKey.values()) {
      assertThat(help)
          .contains(key.key())
          .contains(key.description())
          .contains(key.environmentName());
      if (!key.defaultValue().isEmpty()) {
        assertThat(help).contains("default: " + key.defaultValue());
      }
    }
    assertThat(help).contains("kafka.consumer.*").contains("--print-config");
  }
}
