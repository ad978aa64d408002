package io.sluice.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.Main;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code java -jar sluice.jar --hash-password}, as the README has operators run it. */
class HashPasswordIT {
  @Test
  void hashPasswordReadsStandardInputAndPrintsAHashThatVerifies() throws Exception {
    Process process =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    Main.class.getName(),
                    "--hash-password"))
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try (OutputStream in = process.getOutputStream()) {
      in.write("pässword with spaces\n".getBytes(StandardCharsets.UTF_8));
    }

    String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
    assertThat(printed).doesNotContain("pässword");
    assertThat(PasswordHashes.matches("pässword with spaces", printed.strip())).isTrue();
    assertThat(PasswordHashes.matches("pässword", printed.strip())).isFalse();
  }
}
