package io.sluice.consumer;

import io.sluice.config.Settings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Builds each instance's {@link KafkaConsumer}: the gateway's defaults, gateway-wide {@code
 * kafka.*}, then {@code kafka.consumer.*}, then the instance's own settings, then what Sluice must
 * own (group, client id, byte deserializers, Kafka's auto-commit off because Sluice commits
 * delivered offsets, and no topic auto-creation).
 */
class ConsumerFactory {
  private static final Duration DEFAULT_AUTO_COMMIT_INTERVAL = Duration.ofSeconds(5);

  /**
   * Kafka defaults that do not suit a gateway, overridable under {@code kafka.*}: no JMX MBeans per
   * consumer (registering them triples the cost of creating an instance; {@code
   * metrics.kafka.clients} publishes the same metrics).
   */
  private static final Map<String, Object> GATEWAY_DEFAULTS =
      Map.of(ConsumerConfig.METRIC_REPORTER_CLASSES_CONFIG, "");

  private final Settings settings;

  ConsumerFactory(Settings settings) {
    this.settings = settings;
  }

  Consumer<byte[], byte[]> create(String id, ConsumerSpec spec, Owner owner) {
    Map<String, Object> config = properties(id, spec);
    // The caller's own login, when it passes through: the cluster's ACLs decide what it reads.
    config.putAll(owner.kafkaLogin());
    try {
      return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    } catch (KafkaException e) {
      Throwable reason = e instanceof ConfigException ? e : e.getCause();
      if (reason instanceof ConfigException || reason instanceof IllegalArgumentException) {
        throw new ConsumerException(
            ConsumerException.Kind.INVALID_CONFIG,
            "Invalid consumer configuration: " + reason.getMessage());
      }
      throw e;
    }
  }

  Duration autoCommitInterval(ConsumerSpec spec) {
    String value =
        properties("", spec)
            .getOrDefault(ConsumerConfig.AUTO_COMMIT_INTERVAL_MS_CONFIG, "")
            .toString();
    return value.isEmpty()
        ? DEFAULT_AUTO_COMMIT_INTERVAL
        : Duration.ofMillis(Long.parseLong(value));
  }

  private Map<String, Object> properties(String id, ConsumerSpec spec) {
    Map<String, Object> config = new HashMap<>(GATEWAY_DEFAULTS);
    config.putAll(settings.kafkaCommon());
    config.putAll(settings.kafkaConsumer());
    settings
        .bootstrapServers()
        .ifPresent(servers -> config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers));
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, id);
    spec.autoOffsetReset()
        .ifPresent(reset -> config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, reset));
    config.putAll(spec.overrides());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, spec.group());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    return config;
  }
}
