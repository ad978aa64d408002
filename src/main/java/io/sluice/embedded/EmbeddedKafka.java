package io.sluice.embedded;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process, single-node Apache Kafka broker in KRaft combined mode (broker and controller in
 * one node, static single-voter quorum), listening on 127.0.0.1 only.
 *
 * <p>{@link #start} formats {@code dataDir} when it holds no Kafka storage yet and otherwise reuses
 * it, so topics and records survive a restart on the same directory. It returns only once the
 * broker answers client requests, so callers may produce immediately. Topic auto-creation is on.
 *
 * <p>Threading: {@code start} blocks the calling thread; the broker runs on its own threads. {@link
 * #close} is thread-safe and idempotent, and blocks until the broker has shut down.
 *
 * <p>Failure: {@code start} throws an unchecked exception, after shutting down whatever it had
 * started, if {@code dataDir} is in use by another broker, storage cannot be formatted, the port
 * cannot be bound (Kafka's own {@code RuntimeException}) or the broker is not ready within 60 s. As
 * in a standalone broker, a fatal fault inside the running broker (e.g. a metadata log write error)
 * halts the JVM; this class itself never calls {@code System.exit}.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
  private static final String HOST = "127.0.0.1";
  private static final String NODE_ID = "1";
  // Managed here: listeners and quorum must match bootstrapServers() and the dataDir lock.
  private static final Set<String> RESERVED_KEYS =
      Set.of(
          ("process.roles node.id listeners advertised.listeners listener.security.protocol.map"
                  + " controller.listener.names inter.broker.listener.name controller.quorum.voters"
                  + " controller.quorum.bootstrap.servers log.dir log.dirs metadata.log.dir")
              .split(" "));

  private final KafkaRaftServer server;
  private final String bootstrapServers;
  private final Path dataDir;
  private final FileChannel dirLock;
  private boolean closed;

  private EmbeddedKafka(
      KafkaRaftServer server, String bootstrapServers, Path dataDir, FileChannel dirLock) {
    this.server = server;
    this.bootstrapServers = bootstrapServers;
    this.dataDir = dataDir;
    this.dirLock = dirLock;
  }

  /** Same as {@link #start(int, Path, Properties)} without overrides. */
  public static EmbeddedKafka start(int port, Path dataDir) {
    return start(port, dataDir, new Properties());
  }

  /**
   * Starts a broker whose PLAINTEXT listener binds 127.0.0.1:{@code port} ({@code 0} picks a free
   * port) and stores its data in {@code dataDir} (created if missing).
   *
   * @param overrides extra broker properties applied over the defaults; listener, quorum, node id
   *     and log directory keys are managed here and rejected
   */
  public static EmbeddedKafka start(int port, Path dataDir, Properties overrides) {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    long startNanos = System.nanoTime();
    Path dir = dataDir.toAbsolutePath().normalize();
    int brokerPort = port == 0 ? freePort() : port;
    Properties props = defaults(dir, brokerPort, freePort());
    overrides.forEach(
        (key, value) -> {
          if (RESERVED_KEYS.contains(key)) {
            throw new IllegalArgumentException("broker property managed by EmbeddedKafka: " + key);
          }
          props.put(String.valueOf(key), String.valueOf(value));
        });
    FileChannel dirLock = lock(dir);
    EmbeddedKafka kafka = null;
    try {
      boolean reused = formatIfNeeded(dir, props);
      KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
      kafka = new EmbeddedKafka(server, HOST + ":" + brokerPort, dir, dirLock);
      server.startup();
      kafka.awaitReady();
      LOG.info(
          "Embedded Kafka ready on {} ({} storage in {}) after {} ms",
          kafka.bootstrapServers,
          reused ? "reused" : "new",
          dir,
          Duration.ofNanos(System.nanoTime() - startNanos).toMillis());
      return kafka;
    } catch (RuntimeException | Error e) {
      try {
        if (kafka != null) {
          kafka.close();
        } else {
          closeQuietly(dirLock);
        }
      } catch (RuntimeException closeFailure) {
        e.addSuppressed(closeFailure);
      }
      throw e;
    }
  }

  /** The PLAINTEXT bootstrap address, {@code "127.0.0.1:PORT"}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** The absolute storage directory (log dirs and KRaft metadata log). */
  public Path dataDir() {
    return dataDir;
  }

  /** Shuts the broker down and waits for it; later calls return immediately. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      server.shutdown();
      server.awaitShutdown();
      LOG.info("Embedded Kafka on {} stopped", bootstrapServers);
    } finally {
      closeQuietly(dirLock);
    }
  }

  private static Properties defaults(Path dir, int brokerPort, int controllerPort) {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", NODE_ID);
    p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
    p.put(
        "listeners",
        "PLAINTEXT://" + HOST + ":" + brokerPort + ",CONTROLLER://" + HOST + ":" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + brokerPort);
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("log.dirs", dir.toString());
    p.put("offsets.topic.replication.factor", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("group.min.session.timeout.ms", "1000");
    p.put("group.consumer.min.session.timeout.ms", "1000");
    p.put("group.consumer.min.heartbeat.interval.ms", "100");
    p.put("group.consumer.heartbeat.interval.ms", "1000");
    p.put("num.network.threads", "2");
    p.put("num.io.threads", "4");
    p.put("server.max.startup.time.ms", Long.toString(STARTUP_TIMEOUT.toMillis()));
    return p;
  }

  /** Formats {@code dir} unless it already holds Kafka storage; returns whether it was reused. */
  private static boolean formatIfNeeded(Path dir, Properties props) {
    try {
      if (Files.exists(dir.resolve("meta.properties"))) {
        return true;
      }
      Path config = Files.createTempFile("sluice-kafka-", ".properties");
      try {
        try (Writer writer = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
          props.store(writer, null);
        }
        String[] args = {"format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = StorageTool.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8));
        String output = out.toString(StandardCharsets.UTF_8).trim();
        if (rc != 0) {
          throw new IllegalStateException("Formatting " + dir + " failed (" + rc + "): " + output);
        }
        LOG.debug("Formatted {}: {}", dir, output);
        return false;
      } finally {
        Files.deleteIfExists(config);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot prepare Kafka storage in " + dir, e);
    }
  }

  private void awaitReady() {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
      admin.describeCluster().nodes().get(STARTUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for Kafka to start", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Kafka on " + bootstrapServers + " did not become ready", e);
    }
  }

  /** Kafka locks the directory only after its controller has started writing to it. */
  private static FileChannel lock(Path dir) {
    try {
      Files.createDirectories(dir);
      FileChannel channel = FileChannel.open(dir.resolve(".sluice.lock"), CREATE, WRITE);
      try {
        if (channel.tryLock() != null) {
          return channel;
        }
      } catch (IOException | OverlappingFileLockException e) {
        LOG.debug("Cannot lock {}", dir, e);
      }
      channel.close();
      throw new IllegalStateException(dir + " is in use by another Kafka broker");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot lock " + dir, e);
    }
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      LOG.warn("Cannot release the data directory lock", e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot find a free port", e);
    }
  }
}
