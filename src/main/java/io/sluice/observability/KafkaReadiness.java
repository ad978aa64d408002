package io.sluice.observability;

import io.sluice.config.Settings;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.utils.ThreadUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether Kafka answers: a background check asks {@code describeCluster} every {@link #INTERVAL}
 * and readiness is the cached answer, so probes never wait on Kafka. Thread-safe.
 */
public final class KafkaReadiness implements AutoCloseable {
  static final Duration INTERVAL = Duration.ofSeconds(2);

  /** Kafka counts as answering while its last answer is at most this old. */
  static final Duration FRESH = Duration.ofSeconds(6);

  private static final Logger log = LoggerFactory.getLogger(KafkaReadiness.class);

  private final Admin admin;
  private final ScheduledExecutorService scheduler;
  private volatile Instant lastAnswer = Instant.MIN;
  private volatile String lastProblem = "Kafka has not been asked yet";

  public KafkaReadiness(Settings settings) {
    Map<String, Object> config = new HashMap<>(settings.kafkaCommon());
    config.put(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers().orElseThrow());
    config.put(AdminClientConfig.CLIENT_ID_CONFIG, "sluice-readiness");
    this.admin = Admin.create(config);
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            ThreadUtils.createThreadFactory("sluice-readiness", true));
    scheduler.scheduleWithFixedDelay(this::check, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Empty when Kafka answered recently; otherwise why not. */
  public Optional<String> problem() {
    Instant last = lastAnswer;
    if (last.isAfter(Instant.now().minus(FRESH))) {
      return Optional.empty();
    }
    String problem = lastProblem;
    return Optional.of(problem.isEmpty() ? "Kafka has not answered since " + last : problem);
  }

  private void check() {
    try {
      int nodes =
          admin
              .describeCluster(new DescribeClusterOptions().timeoutMs((int) INTERVAL.toMillis()))
              .nodes()
              .get(INTERVAL.toMillis() * 2, TimeUnit.MILLISECONDS)
              .size();
      if (lastAnswer == Instant.MIN || !lastProblem.isEmpty()) {
        log.info("Kafka answers ({} brokers)", nodes);
      }
      lastProblem = "";
      lastAnswer = Instant.now();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      String problem =
          "Kafka did not answer describeCluster: "
              + (e.getCause() != null ? e.getCause() : e).toString();
      if (lastProblem.isEmpty()) {
        log.warn("{}", problem);
      }
      lastProblem = problem;
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    admin.close(Duration.ofSeconds(2));
  }
}
