package io.sluice.support;

import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.plain.PlainLoginModule;
import org.apache.kafka.common.utils.Time;

/**
 * An in-process, single-node KRaft broker (combined mode) for authorization tests: clients connect
 * over {@code SASL_PLAINTEXT} with mechanism PLAIN on 127.0.0.1, {@code StandardAuthorizer} decides
 * with no ACL meaning no access, and {@code User:admin} (random password) is the only super user.
 * Topic auto-creation is off. Storage lives in a new temporary directory that {@link #close}
 * deletes.
 *
 * <p>The controller listener also speaks SASL PLAIN, as admin: over PLAINTEXT the broker would
 * reach its controller as {@code User:ANONYMOUS}, which would then have to be a super user too.
 *
 * <p>Threading: thread-safe. {@link #start} blocks until the broker answers the admin, at most 60
 * s; {@link #createTopic} and {@link #allow} block until what they made is visible. Failure: {@code
 * start} throws an unchecked exception, after shutting down what it started, if storage cannot be
 * formatted or the broker is not ready in time; admin calls that fail throw {@link
 * IllegalStateException}. {@link #close} is idempotent.
 */
public final class SaslBroker implements AutoCloseable {
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
  private static final String HOST = "127.0.0.1";
  private static final String NODE_ID = "1";
  private static final String ADMIN = "admin";
  // User names become JAAS option names and passwords quoted JAAS values.
  private static final Pattern USER = Pattern.compile("[A-Za-z0-9._-]+");
  private static final Pattern PASSWORD = Pattern.compile("[^\"\\\\\\s]+");

  private final KafkaRaftServer server;
  private final String bootstrapServers;
  private final String adminPassword;
  private final Path dir;
  private Admin admin;
  private boolean closed;

  private SaslBroker(
      KafkaRaftServer server, String bootstrapServers, String adminPassword, Path dir) {
    this.server = server;
    this.bootstrapServers = bootstrapServers;
    this.adminPassword = adminPassword;
    this.dir = dir;
  }

  /**
   * Starts a broker that knows {@code users} (name to password) and {@code admin}.
   *
   * @param users names of letters, digits and {@code ._-}, other than {@code admin}; passwords
   *     without quotes, backslashes or white space
   */
  public static SaslBroker start(Map<String, String> users) {
    users.forEach(
        (user, password) -> {
          if (!USER.matcher(user).matches() || user.equals(ADMIN)) {
            throw new IllegalArgumentException("unsupported user name: " + user);
          }
          if (!PASSWORD.matcher(password).matches()) {
            throw new IllegalArgumentException("unsupported password for " + user);
          }
        });
    Path dir;
    try {
      dir = Files.createTempDirectory("sluice-sasl-kafka-");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a directory for the broker", e);
    }
    String adminPassword = randomPassword();
    int port = freePort();
    Properties props = config(dir, port, freePort(), users, adminPassword);
    SaslBroker broker = null;
    try {
      format(dir, props);
      KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
      broker = new SaslBroker(server, HOST + ":" + port, adminPassword, dir);
      server.startup();
      broker.awaitReady();
      return broker;
    } catch (Throwable e) {
      // Throwable: KafkaRaftServer.startup() throws checked exceptions it does not declare, such as
      // the TimeoutException of a controller that never acknowledges the broker.
      try {
        if (broker != null) {
          broker.close();
        } else {
          delete(dir);
        }
      } catch (RuntimeException closeFailure) {
        e.addSuppressed(closeFailure);
      }
      if (e instanceof RuntimeException unchecked) {
        throw unchecked;
      }
      if (e instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException("SASL Kafka on " + HOST + ":" + port + " did not start", e);
    }
  }

  /** The SASL_PLAINTEXT bootstrap address, {@code "127.0.0.1:PORT"}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /**
   * A new, mutable client configuration that connects as {@code user}: bootstrap servers, {@code
   * SASL_PLAINTEXT}, PLAIN and its JAAS line. Add serializers, a group id and so on.
   */
  public Map<String, Object> clientConfig(String user, String password) {
    Map<String, Object> config = new HashMap<>();
    config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
    config.put(SaslConfigs.SASL_MECHANISM, "PLAIN");
    config.put(SaslConfigs.SASL_JAAS_CONFIG, jaas(user, password, Map.of()));
    return config;
  }

  /** {@link #clientConfig} as the super user, e.g. to produce test records. */
  public Map<String, Object> adminConfig() {
    return clientConfig(ADMIN, adminPassword);
  }

  /** An admin client as the super user, made once and closed by {@link #close}. */
  public synchronized Admin admin() {
    if (closed) {
      throw new IllegalStateException("broker on " + bootstrapServers + " is closed");
    }
    if (admin == null) {
      admin = Admin.create(adminConfig());
    }
    return admin;
  }

  /** Creates a topic with replication factor 1 and returns once clients can see it. */
  public void createTopic(String name, int partitions) {
    Admin admin = admin();
    get(admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all(), name);
    await("topic " + name + " visible")
        .atMost(ADMIN_TIMEOUT)
        .pollInterval(Duration.ofMillis(50))
        .ignoreExceptions()
        .until(
            () ->
                admin
                        .describeTopics(List.of(name))
                        .allTopicNames()
                        .get()
                        .get(name)
                        .partitions()
                        .size()
                    == partitions);
  }

  /**
   * Allows {@code User:<user>} from any host the {@code operations} on the resources {@code name}
   * and {@code patternType} match; returns once the broker's authorizer has them.
   */
  public void allow(
      String user,
      ResourceType type,
      String name,
      PatternType patternType,
      AclOperation... operations) {
    if (operations.length == 0) {
      throw new IllegalArgumentException("no operations to allow");
    }
    ResourcePattern resource = new ResourcePattern(type, name, patternType);
    Set<AclBinding> bindings = new HashSet<>();
    for (AclOperation operation : operations) {
      bindings.add(
          new AclBinding(
              resource,
              new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW)));
    }
    Admin admin = admin();
    get(admin.createAcls(bindings).all(), Arrays.toString(operations) + " on " + resource);
    AclBindingFilter filter =
        new AclBindingFilter(resource.toFilter(), AccessControlEntryFilter.ANY);
    await("ACLs for User:" + user + " on " + resource + " visible")
        .atMost(ADMIN_TIMEOUT)
        .pollInterval(Duration.ofMillis(50))
        .ignoreExceptions()
        .until(() -> admin.describeAcls(filter).values().get().containsAll(bindings));
  }

  /** Closes the admin client, shuts the broker down, waits for it and deletes its storage. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (admin != null) {
        admin.close(Duration.ofSeconds(5));
      }
    } finally {
      try {
        server.shutdown();
        server.awaitShutdown();
      } finally {
        delete(dir);
      }
    }
  }

  private static Properties config(
      Path dir, int port, int controllerPort, Map<String, String> users, String adminPassword) {
    Map<String, String> accounts = new HashMap<>(users);
    accounts.put(ADMIN, adminPassword);
    // One JAAS line per listener: the server side checks the user_* entries, and the broker's own
    // connections (to itself, to its controller) log in with username and password.
    String jaas = jaas(ADMIN, adminPassword, accounts);
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", NODE_ID);
    p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
    p.put(
        "listeners",
        "SASL_PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
    p.put("advertised.listeners", "SASL_PLAINTEXT://" + HOST + ":" + port);
    p.put(
        "listener.security.protocol.map",
        "SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT");
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "SASL_PLAINTEXT");
    p.put("sasl.enabled.mechanisms", "PLAIN");
    p.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
    p.put("sasl.mechanism.controller.protocol", "PLAIN");
    p.put("listener.name.sasl_plaintext.plain.sasl.jaas.config", jaas);
    p.put("listener.name.controller.plain.sasl.jaas.config", jaas);
    p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
    p.put("super.users", "User:" + ADMIN);
    p.put("allow.everyone.if.no.acl.found", "false");
    p.put("auto.create.topics.enable", "false");
    p.put("log.dirs", dir.toString());
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "1");
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

  private static String jaas(String user, String password, Map<String, String> accounts) {
    StringBuilder line = new StringBuilder(PlainLoginModule.class.getName());
    line.append(" required username=\"").append(user).append("\" password=\"").append(password);
    line.append('"');
    accounts.forEach(
        (name, secret) ->
            line.append(" user_").append(name).append("=\"").append(secret).append('"'));
    return line.append(';').toString();
  }

  /** Formats fresh storage as {@code kafka-storage.sh format} would, with a random cluster id. */
  private static void format(Path dir, Properties props) {
    try {
      Path config = Files.createTempFile("sluice-sasl-kafka-", ".properties");
      try {
        try (Writer writer = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
          props.store(writer, null);
        }
        String[] args = {"format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = StorageTool.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8));
        if (rc != 0) {
          throw new IllegalStateException(
              "Formatting "
                  + dir
                  + " failed ("
                  + rc
                  + "): "
                  + out.toString(StandardCharsets.UTF_8).trim());
        }
      } finally {
        Files.deleteIfExists(config);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot prepare Kafka storage in " + dir, e);
    }
  }

  private void awaitReady() {
    try (Admin probe = Admin.create(adminConfig())) {
      probe.describeCluster().nodes().get(STARTUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for Kafka to start", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "SASL Kafka on " + bootstrapServers + " did not become ready within " + STARTUP_TIMEOUT,
          e);
    }
  }

  private static <T> T get(KafkaFuture<T> future, String what) {
    try {
      return future.get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating " + what, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Cannot create " + what, e);
    }
  }

  private static String randomPassword() {
    byte[] secret = new byte[18];
    new SecureRandom().nextBytes(secret);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot find a free port", e);
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + dir, e);
    }
  }
}
