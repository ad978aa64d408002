package io.sluice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.RestAssured;
import io.sluice.support.GatewayProcess;
import io.sluice.support.TestBroker;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What an operator sees when the gateway cannot start, and what it leaves behind when it stops. */
class StartupIT {
  private static final Pattern DATA_DIR = Pattern.compile("with its data in (\\S+)");

  private static String lastLine(Path log) throws Exception {
    List<String> lines = GatewayProcess.lines(log);
    assertThat(lines).isNotEmpty();
    return lines.get(lines.size() - 1);
  }

  @Test
  void busyHttpPortStopsStartupWithExitCode2AndOneLineNamingTheSetting() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      Path log = GatewayProcess.logFile("busy-http-port");
      Process gateway =
          GatewayProcess.launch(
              Map.of(
                  "SLUICE_KAFKA_BOOTSTRAP_SERVERS", TestBroker.bootstrapServers(),
                  "SLUICE_HTTP_HOST", "127.0.0.1",
                  "SLUICE_HTTP_PORT", Integer.toString(taken.getLocalPort())),
              log);

      assertThat(gateway.waitFor(60, TimeUnit.SECONDS)).isTrue();

      assertThat(gateway.exitValue()).isEqualTo(2);
      assertThat(lastLine(log))
          .isEqualTo(
              "Cannot listen on 127.0.0.1:"
                  + taken.getLocalPort()
                  + ": the port is in use. Set http.port (SLUICE_HTTP_PORT) to a free port.");
    }
  }

  @Test
  void busyEmbeddedBrokerPortStopsStartupWithExitCode2AndOneLineNamingTheSetting()
      throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      Path log = GatewayProcess.logFile("busy-broker-port");
      Process gateway =
          GatewayProcess.launch(
              Map.of(
                  "SLUICE_EMBEDDED_KAFKA_PORT", Integer.toString(taken.getLocalPort()),
                  "SLUICE_HTTP_HOST", "127.0.0.1",
                  "SLUICE_HTTP_PORT", Integer.toString(GatewayProcess.freePort())),
              log);

      assertThat(gateway.waitFor(90, TimeUnit.SECONDS)).isTrue();

      assertThat(gateway.exitValue()).isEqualTo(2);
      assertThat(lastLine(log))
          .startsWith(
              "Cannot start the embedded Kafka broker on port " + taken.getLocalPort() + ":")
          .contains("embedded.kafka.port (SLUICE_EMBEDDED_KAFKA_PORT)");
    }
  }

  @Test
  void temporaryBrokerDirectoryIsRemovedOnExit() throws Exception {
    int port = GatewayProcess.freePort();
    Path log = GatewayProcess.logFile("embedded-temporary-dir");
    Process gateway =
        GatewayProcess.launch(
            Map.of(
                "SLUICE_EMBEDDED_KAFKA_PORT",
                Integer.toString(GatewayProcess.freePort()),
                "SLUICE_EMBEDDED_DEMO",
                "false",
                "SLUICE_HTTP_HOST",
                "127.0.0.1",
                "SLUICE_HTTP_PORT",
                Integer.toString(port)),
            log);
    try {
      await()
          .atMost(Duration.ofSeconds(90))
          .ignoreExceptions()
          .until(
              () ->
                  RestAssured.get("http://127.0.0.1:" + port + "/health/live").statusCode() == 200);
      Matcher dir = DATA_DIR.matcher(String.join("\n", GatewayProcess.lines(log)));
      assertThat(dir.find()).isTrue();
      Path data = Path.of(dir.group(1));
      assertThat(data).isDirectory();

      gateway.destroy();

      assertThat(gateway.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(gateway.exitValue()).isZero();
      assertThat(Files.exists(data)).isFalse();
    } finally {
      gateway.destroyForcibly();
    }
  }
}
