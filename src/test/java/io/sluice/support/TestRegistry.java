package io.sluice.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schema registry every integration test in this JVM shares: the one {@code
 * SLUICE_TEST_SCHEMA_REGISTRY_URL} names, otherwise Apicurio Registry (in-memory storage, no
 * authentication) started from {@code target/apicurio-registry}, where the build unpacks it in
 * {@code pre-integration-test}. {@link #url()} starts it on the first call only, on free loopback
 * ports, and blocks until it answers (at most two minutes); it is thread-safe. A shutdown hook
 * stops the process and its descendants. Its output goes to {@code
 * target/process-logs/apicurio-registry.log}.
 *
 * <p>Apicurio Registry 3 needs Java 21 or later, which the tests themselves do not. It runs on the
 * first of: the java binary {@code SLUICE_TEST_REGISTRY_JAVA} names; {@code JAVA_HOME}, or the JDK
 * running the tests, if that is 21 or later; the newest JDK 21+ under {@code /usr/lib/jvm} (by the
 * {@code JAVA_VERSION} in its {@code release} file). Where there is none, the calling test is
 * skipped, except in CI ({@code CI} set), where that is a failure.
 */
public final class TestRegistry {
  private static final Logger log = LoggerFactory.getLogger(TestRegistry.class);
  private static final Path HOME = Path.of("target", "apicurio-registry");
  private static final Path INSTALLED_JDKS = Path.of("/usr/lib/jvm");
  private static final int MINIMUM_JAVA = 21;
  private static final String CONFLUENT_API = "/apis/ccompat/v7";
  private static final String APICURIO_API = "/apis/registry/v3";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  private static String url;
  private static RuntimeException failure;

  private TestRegistry() {}

  /**
   * The base URL for Confluent-compatible clients ({@code http://127.0.0.1:<port>/apis/ccompat/v7}
   * for the registry started here). Skips the calling test where no Java 21+ is found (fails in
   * CI); a registry that did not start fails this and every later call without trying again.
   */
  public static synchronized String url() {
    if (failure != null) {
      throw failure;
    }
    if (url == null) {
      try {
        url = start();
      } catch (RuntimeException e) {
        failure = e;
        throw e;
      }
    }
    return url;
  }

  /**
   * Apicurio Registry's own REST API v3 on the same server as {@link #url()} ({@code
   * http://127.0.0.1:<port>/apis/registry/v3}), where Apicurio's serializers register schemas; only
   * an Apicurio registry has it.
   */
  public static String apicurioApiUrl() {
    String confluent = url();
    if (!confluent.endsWith(CONFLUENT_API)) {
      throw new IllegalStateException(
          "Not Apicurio's Confluent-compatible API, so no Apicurio API beside it: " + confluent);
    }
    return confluent.substring(0, confluent.length() - CONFLUENT_API.length()) + APICURIO_API;
  }

  private static String start() {
    String external = System.getenv("SLUICE_TEST_SCHEMA_REGISTRY_URL");
    if (external != null && !external.isBlank()) {
      return external;
    }
    Path java = requireJava();
    Path runner = HOME.resolve("quarkus-run.jar").toAbsolutePath();
    if (!Files.isRegularFile(runner)) {
      throw new IllegalStateException(
          runner + " is missing: run mvn verify (pre-integration-test unpacks Apicurio Registry)");
    }
    return launch(java, runner);
  }

  /** A java binary that runs the registry; skips the calling test if there is none, fails in CI. */
  private static Path requireJava() {
    Optional<Path> java = registryJava();
    if (java.isEmpty()) {
      String message =
          "Apicurio Registry needs Java "
              + MINIMUM_JAVA
              + "+ and none was found: set SLUICE_TEST_REGISTRY_JAVA to its java binary, point"
              + " JAVA_HOME at it, or install a JDK under "
              + INSTALLED_JDKS
              + " (or set SLUICE_TEST_SCHEMA_REGISTRY_URL to a running registry)";
      if (System.getenv("CI") != null) {
        throw new IllegalStateException("Tests with a schema registry must run in CI. " + message);
      }
      log.warn("Skipped: {}", message);
      Assumptions.assumeTrue(false, message);
    }
    return java.orElseThrow();
  }

  private static Optional<Path> registryJava() {
    String explicit = System.getenv("SLUICE_TEST_REGISTRY_JAVA");
    if (explicit != null && !explicit.isBlank()) {
      return Optional.of(Path.of(explicit));
    }
    return Stream.of(System.getenv("JAVA_HOME"), System.getProperty("java.home"))
        .filter(home -> home != null && !home.isBlank())
        .map(Path::of)
        .filter(TestRegistry::runsRegistry)
        .findFirst()
        .or(TestRegistry::newestInstalledJdk)
        .map(home -> home.resolve("bin").resolve("java"));
  }

  private static Optional<Path> newestInstalledJdk() {
    try (Stream<Path> homes = Files.list(INSTALLED_JDKS)) {
      return homes
          .filter(TestRegistry::runsRegistry)
          .max(Comparator.comparing(home -> javaVersion(home).orElseThrow()));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static boolean runsRegistry(Path home) {
    return Files.isExecutable(home.resolve("bin").resolve("java"))
        && javaVersion(home).map(v -> v.feature() >= MINIMUM_JAVA).orElse(false);
  }

  /** The {@code JAVA_VERSION} a JDK's {@code release} file states, if it has a readable one. */
  private static Optional<Runtime.Version> javaVersion(Path home) {
    Properties release = new Properties();
    try (var reader = Files.newBufferedReader(home.resolve("release"), StandardCharsets.UTF_8)) {
      release.load(reader);
      String version = release.getProperty("JAVA_VERSION", "").replace("\"", "");
      return Optional.of(Runtime.Version.parse(version));
    } catch (IOException | IllegalArgumentException e) {
      // No release file, or a pre-9 version such as 1.8.0_402: not a candidate.
      return Optional.empty();
    }
  }

  private static String launch(Path java, Path runner) {
    int port = GatewayProcess.freePort();
    List<String> command =
        List.of(
            java.toString(),
            "-Dquarkus.http.host=127.0.0.1",
            "-Dquarkus.http.port=" + port,
            // The management interface (health, metrics) would otherwise take port 9000.
            "-Dquarkus.management.host=127.0.0.1",
            "-Dquarkus.management.port=" + GatewayProcess.freePort(),
            "-jar",
            runner.toString());
    Path output;
    Process process;
    try {
      output = GatewayProcess.logFile("apicurio-registry").toAbsolutePath();
      process =
          new ProcessBuilder(command)
              .directory(runner.getParent().toFile())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start Apicurio Registry with " + java, e);
    }
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> stop(process.toHandle()), "apicurio-registry-stop"));
    String base = "http://127.0.0.1:" + port + CONFLUENT_API;
    awaitReady(process, base, output);
    return base;
  }

  private static void awaitReady(Process process, String base, Path output) {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest subjects =
        HttpRequest.newBuilder(URI.create(base + "/subjects"))
            .timeout(Duration.ofSeconds(5))
            .build();
    try {
      await("Apicurio Registry at " + base)
          .atMost(READY_TIMEOUT)
          .pollInterval(Duration.ofMillis(250))
          .failFast("Apicurio Registry exited", () -> !process.isAlive())
          .ignoreExceptions()
          .until(
              () ->
                  http.send(subjects, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    } catch (RuntimeException e) {
      String what =
          process.isAlive()
              ? "did not answer GET "
                  + subjects.uri()
                  + " within "
                  + READY_TIMEOUT.toSeconds()
                  + " s"
              : "exited with " + process.exitValue();
      stop(process.toHandle());
      throw new IllegalStateException("Apicurio Registry " + what + "; see " + output, e);
    }
  }

  /** SIGTERM to the registry and its descendants; SIGKILL to whatever outlives the grace period. */
  private static void stop(ProcessHandle registry) {
    List<ProcessHandle> all = Stream.concat(registry.descendants(), Stream.of(registry)).toList();
    all.forEach(ProcessHandle::destroy);
    for (ProcessHandle process : all) {
      try {
        process.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException | TimeoutException e) {
        process.destroyForcibly();
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
