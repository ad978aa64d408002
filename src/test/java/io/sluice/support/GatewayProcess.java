package io.sluice.support;

import io.sluice.Main;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A gateway in a JVM of its own, started with java as an operator would, configured by SLUICE_*.
 */
public final class GatewayProcess {
  private GatewayProcess() {}

  /**
   * Starts {@code io.sluice.Main} with only these SLUICE_* variables; output goes to {@code log}.
   */
  public static Process start(Map<String, String> environment, Path log) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("SLUICE_"));
    builder.environment().putAll(environment);
    return builder.start();
  }

  /** A port nobody listens on right now. */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** Where a process's output goes: {@code target/process-logs/<name>.log}. */
  public static Path logFile(String name) throws IOException {
    Path dir = Files.createDirectories(Path.of("target", "process-logs"));
    return dir.resolve(name + ".log");
  }

  public static List<String> lines(Path log) throws IOException {
    return Files.readAllLines(log, StandardCharsets.UTF_8);
  }
}
