package io.sluice.support;

import io.sluice.embedded.EmbeddedKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The Kafka broker every integration test in this JVM shares: the one {@code
 * SLUICE_TEST_BOOTSTRAP_SERVERS} names; a Testcontainers broker with {@code
 * -Dsluice.test.broker=container} (tests are skipped where no Docker engine runs); otherwise the
 * in-process KRaft broker the gateway itself embeds.
 */
public final class TestBroker {
  private static String bootstrapServers;

  private TestBroker() {}

  public static synchronized String bootstrapServers() {
    if (bootstrapServers == null) {
      bootstrapServers = start();
    }
    return bootstrapServers;
  }

  private static String start() {
    String external = System.getenv("SLUICE_TEST_BOOTSTRAP_SERVERS");
    if (external != null && !external.isBlank()) {
      return external;
    }
    if ("container".equals(System.getProperty("sluice.test.broker"))) {
      Assumptions.assumeTrue(
          DockerClientFactory.instance().isDockerAvailable(),
          "-Dsluice.test.broker=container needs a Docker engine; none runs here");
      KafkaContainer container = new KafkaContainer("apache/kafka:4.3.1");
      container.start();
      Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
      return container.getBootstrapServers();
    }
    try {
      EmbeddedKafka broker =
          EmbeddedKafka.start(0, Files.createTempDirectory("sluice-test-kafka-"));
      Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
      return broker.bootstrapServers();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
