package io.sluice.support;

import static org.awaitility.Awaitility.await;

import io.sluice.Main;
import io.sluice.config.ConfigKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The gateway as a separate JVM ({@code java -cp <test classpath> io.sluice.Main}, or {@code java
 * -jar <jar>} as a user starts it), configured through {@code SLUICE_*} variables, on a fixed
 * loopback port that survives restarts, so that it can be killed as a real process is. Each start
 * logs to {@code target/process-logs/<name>-<n>.log}. Not thread-safe: one test drives it.
 */
public final class GatewayProcess implements AutoCloseable {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(60);

  private final String name;
  private final int port;
  private final List<String> command;
  private final Map<String, String> environment;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private Process process;
  private int starts;

  private GatewayProcess(
      String name, int port, List<String> command, Map<String, String> environment) {
    this.name = name;
    this.port = port;
    this.command = command;
    this.environment = environment;
  }

  /**
   * Starts a gateway on a free port against {@code bootstrapServers} and waits until it is ready;
   * {@code settings} are configuration keys as in a properties file ({@code
   * consumer.buffer.max.records}).
   */
  public static GatewayProcess start(
      String name, String bootstrapServers, Map<String, String> settings) {
    return start(name, testClasspath(), bootstrapServers, settings);
  }

  /**
   * Starts {@code java -jar jar} with no JVM options, as the README tells users to, otherwise as
   * {@link #start(String, String, Map)}.
   */
  public static GatewayProcess startJar(
      String name, Path jar, String bootstrapServers, Map<String, String> settings) {
    return start(name, List.of(java(), "-jar", jar.toString()), bootstrapServers, settings);
  }

  private static GatewayProcess start(
      String name, List<String> command, String bootstrapServers, Map<String, String> settings) {
    Map<String, String> environment = new HashMap<>();
    environment.put("SLUICE_KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
    environment.put("SLUICE_HTTP_HOST", "127.0.0.1");
    int port = freePort();
    environment.put("SLUICE_HTTP_PORT", Integer.toString(port));
    settings.forEach((key, value) -> environment.put(ConfigKey.environmentName(key), value));
    GatewayProcess gateway = new GatewayProcess(name, port, command, Map.copyOf(environment));
    gateway.launch();
    return gateway;
  }

  public String baseUri() {
    return "http://127.0.0.1:" + port;
  }

  /** The operating-system process id of the running gateway. */
  public long pid() {
    return process.pid();
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** SIGKILL: the process dies at once, without committing or leaving groups. */
  public void kill() {
    process.destroyForcibly();
    awaitExit();
  }

  /** SIGTERM: the gateway shuts down gracefully; answers its exit code. */
  public int terminate() {
    process.destroy();
    return awaitExit();
  }

  /** Starts a new process with the same settings and port, and waits until it is ready. */
  public void restart() {
    if (process.isAlive()) {
      throw new IllegalStateException(name + " is still running");
    }
    launch();
  }

  private void launch() {
    starts++;
    Path log = logFile();
    try {
      process = launch(command, environment, log);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start " + name, e);
    }
    try {
      await()
          .atMost(READY_TIMEOUT)
          .pollInterval(Duration.ofMillis(250))
          .ignoreExceptions()
          .until(this::ready);
    } catch (RuntimeException e) {
      process.destroyForcibly();
      throw new IllegalStateException(name + " did not become ready; see " + log, e);
    }
  }

  private boolean ready() throws IOException, InterruptedException {
    if (!process.isAlive()) {
      throw new IllegalStateException(name + " exited with " + process.exitValue());
    }
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUri() + "/health/ready"))
            .timeout(Duration.ofSeconds(5))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
  }

  private int awaitExit() {
    try {
      if (!process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(name + " did not exit within " + EXIT_TIMEOUT);
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted waiting for " + name, e);
    }
  }

  private Path logFile() {
    try {
      return logFile(name + "-" + starts);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Starts {@code io.sluice.Main} with only these SLUICE_* variables and does not wait for it (for
   * gateways expected to fail, or driven by hand); output goes to {@code log}.
   */
  public static Process launch(Map<String, String> environment, Path log) throws IOException {
    return launch(testClasspath(), environment, log);
  }

  private static Process launch(List<String> command, Map<String, String> environment, Path log)
      throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(key -> key.startsWith("SLUICE_"));
    builder.environment().putAll(environment);
    return builder.start();
  }

  private static List<String> testClasspath() {
    return List.of(
        java(), "-Xmx384m", "-cp", System.getProperty("java.class.path"), Main.class.getName());
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** Where a launched process's output goes: {@code target/process-logs/<name>.log}. */
  public static Path logFile(String name) throws IOException {
    return Files.createDirectories(Path.of("target", "process-logs")).resolve(name + ".log");
  }

  public static List<String> lines(Path log) throws IOException {
    return Files.readAllLines(log, StandardCharsets.UTF_8);
  }

  /** A free loopback port (briefly bound here; the gateway binds it next). */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
