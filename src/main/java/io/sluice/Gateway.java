package io.sluice;

import io.sluice.config.Settings;
import io.sluice.consumer.ConsumerRegistry;
import io.sluice.embedded.DemoEvents;
import io.sluice.embedded.EmbeddedKafka;
import io.sluice.http.HttpServer;
import io.sluice.metadata.Cluster;
import io.sluice.metadata.GroupLagMeter;
import io.sluice.observability.KafkaReadiness;
import io.sluice.observability.Metrics;
import io.sluice.producer.RecordProducer;
import io.sluice.schema.Schemas;
import io.sluice.security.Security;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Optional;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds and starts the parts in order and stops them in reverse. With no
 * {@code kafka.bootstrap.servers} it first starts the embedded broker (and the demo events).
 */
public final class Gateway implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Gateway.class);

  private final Deque<AutoCloseable> parts = new ArrayDeque<>();
  private final HttpServer http;
  private final Settings settings;
  private final ConsumerRegistry consumers;

  private Gateway(Settings configured) {
    Settings settings = configured;
    try {
      if (settings.bootstrapServers().isEmpty()) {
        settings = startEmbeddedBroker(settings);
      }
      Metrics metrics = new Metrics();
      parts.push(metrics);
      KafkaReadiness readiness = new KafkaReadiness(settings);
      parts.push(readiness);
      ConsumerRegistry registry = new ConsumerRegistry(settings, metrics.registry());
      parts.push(registry);
      this.consumers = registry;
      Cluster cluster = new Cluster(settings);
      parts.push(cluster);
      parts.push(
          new GroupLagMeter(
              cluster.groups(),
              registry::groups,
              metrics.registry(),
              settings.groupLagInterval(),
              settings.groupLagMaxGroups()));
      RecordProducer producer = new RecordProducer(settings, metrics.registry());
      parts.push(producer);
      Security security = new Security(settings.security(), metrics.registry());
      Optional<Schemas> schemas =
          settings.schemaRegistry().enabled()
              ? Optional.of(new Schemas(settings.schemaRegistry(), metrics.registry()))
              : Optional.empty();
      this.http =
          new HttpServer(
              settings, registry, cluster, producer, metrics, readiness, security, schemas);
      parts.push(http);
      // Closed first: waiting long polls answer now, so the HTTP server drains quickly.
      parts.push(registry::stopWaiting);
      startHttp(settings);
      this.settings = settings;
      warnIfOpen(settings);
      log.info(
          "Sluice listening on {}://{}:{} (Kafka at {}, auth.mode={})",
          settings.security().tls().isPresent() ? "https" : "http",
          settings.httpHost(),
          http.port(),
          settings.bootstrapServers().orElseThrow(),
          settings.security().mode().name().toLowerCase(Locale.ROOT));
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Starts a gateway; the caller closes it. */
  public static Gateway start(Settings settings) {
    return new Gateway(settings);
  }

  /** The port the HTTP server listens on. */
  public int port() {
    return http.port();
  }

  /** The live consumer instances, for embedding the gateway and for tests. */
  public ConsumerRegistry consumers() {
    return consumers;
  }

  /** The settings in force, with the embedded broker's address when one was started. */
  public Settings settings() {
    return settings;
  }

  private void startHttp(Settings settings) {
    try {
      http.start(settings.httpHost(), settings.httpPort());
    } catch (RuntimeException e) {
      if (StartupException.isBindFailure(e)) {
        throw new StartupException(
            "Cannot listen on "
                + settings.httpHost()
                + ":"
                + settings.httpPort()
                + ": the port is in use. Set http.port (SLUICE_HTTP_PORT) to a free port.",
            e);
      }
      throw e;
    }
  }

  /** Anyone who reaches the port may read any topic of a real cluster: say so loudly. */
  private void warnIfOpen(Settings settings) {
    if (settings.security().enabled() || onlyLoopback(settings.bootstrapServers().orElseThrow())) {
      return;
    }
    log.warn(
        "\n=====================================================================\n"
            + " auth.mode=none in front of the Kafka cluster at {}:\n"
            + " ANYONE who reaches port {} may read, write and delete consumers.\n"
            + " Set auth.mode (basic, bearer or mtls) before exposing this gateway.\n"
            + "=====================================================================",
        settings.bootstrapServers().orElseThrow(),
        settings.httpPort());
  }

  private static boolean onlyLoopback(String bootstrapServers) {
    for (String server : bootstrapServers.split(",")) {
      String host = Utils.getHost(server.trim());
      try {
        if (host == null || !InetAddress.getByName(host).isLoopbackAddress()) {
          return false;
        }
      } catch (UnknownHostException e) {
        return false;
      }
    }
    return true;
  }

  private Settings startEmbeddedBroker(Settings settings) {
    Path dir;
    if (settings.embeddedKafkaDir().isPresent()) {
      dir = settings.embeddedKafkaDir().get();
    } else {
      dir = temporaryDirectory();
      // Pushed first, so it runs after the broker stopped: a directory Sluice made, Sluice removes.
      parts.push(() -> Utils.delete(dir.toFile()));
    }
    EmbeddedKafka broker;
    try {
      broker = EmbeddedKafka.start(settings.embeddedKafkaPort(), dir);
    } catch (RuntimeException e) {
      if (StartupException.isBindFailure(e)) {
        throw new StartupException(
            "Cannot start the embedded Kafka broker on port "
                + settings.embeddedKafkaPort()
                + ": the port is in use. Set embedded.kafka.port (SLUICE_EMBEDDED_KAFKA_PORT) to a"
                + " free port, or kafka.bootstrap.servers (SLUICE_KAFKA_BOOTSTRAP_SERVERS) to use a"
                + " running cluster.",
            e);
      }
      throw e;
    }
    parts.push(broker);
    log.warn(
        "\n=====================================================================\n"
            + " No kafka.bootstrap.servers configured: started an EMBEDDED Kafka\n"
            + " broker at {} with its data in {}\n"
            + " For development only. Set SLUICE_KAFKA_BOOTSTRAP_SERVERS for a real cluster.\n"
            + "=====================================================================",
        broker.bootstrapServers(),
        dir);
    if (settings.embeddedDemo()) {
      parts.push(DemoEvents.start(broker.bootstrapServers()));
    }
    return settings.withBootstrapServers(broker.bootstrapServers());
  }

  private static Path temporaryDirectory() {
    try {
      return Files.createTempDirectory("sluice-kafka-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Answers waiting fetches, stops HTTP after in-flight requests, closes every consumer (each
   * commits if auto-committing and leaves its group), then the broker; idempotent.
   */
  @Override
  public synchronized void close() {
    if (parts.isEmpty()) {
      return;
    }
    long start = System.nanoTime();
    log.info("Shutting down: answering waiting fetches, then closing every consumer");
    while (!parts.isEmpty()) {
      AutoCloseable part = parts.pop();
      try {
        part.close();
      } catch (Exception e) {
        log.warn("Could not stop {} cleanly", part.getClass().getSimpleName(), e);
      }
    }
    log.info("Stopped in {} ms", Duration.ofNanos(System.nanoTime() - start).toMillis());
  }
}
