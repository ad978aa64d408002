package io.sluice.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The gateway's effective, validated configuration.
 *
 * @param kafkaCommon settings passed to every Kafka client the gateway creates ({@code kafka.*})
 * @param kafkaConsumer settings passed to consumers only ({@code kafka.consumer.*})
 * @param kafkaProducer settings passed to the producer only ({@code kafka.producer.*})
 */
public record Settings(
    String httpHost,
    int httpPort,
    Optional<String> advertisedUrl,
    long httpRequestMaxBytes,
    boolean httpCompression,
    Optional<String> bootstrapServers,
    Map<String, String> kafkaCommon,
    Map<String, String> kafkaConsumer,
    Map<String, String> kafkaProducer,
    Duration instanceTimeout,
    Duration instanceTimeoutMax,
    boolean staticMembership,
    Duration requestTimeout,
    Duration requestTimeoutMax,
    long requestMaxBytes,
    long bufferMaxBytes,
    int bufferMaxRecords,
    int streamMaxUncommitted,
    int streamMaxUncommittedMax,
    Duration streamKeepAlive,
    int maxInstances,
    Duration shutdownTimeout,
    Duration produceTimeout,
    boolean jsonLogs,
    boolean kafkaClientMetrics,
    Duration groupLagInterval,
    int groupLagMaxGroups,
    int embeddedKafkaPort,
    Optional<Path> embeddedKafkaDir,
    boolean embeddedDemo,
    SecuritySettings security,
    SchemaRegistrySettings schemaRegistry) {

  public Settings {
    kafkaCommon = Map.copyOf(kafkaCommon);
    kafkaConsumer = Map.copyOf(kafkaConsumer);
    kafkaProducer = Map.copyOf(kafkaProducer);
  }

  /** The same settings pointing at another Kafka cluster (the embedded broker once it runs). */
  public Settings withBootstrapServers(String servers) {
    return new Settings(
        httpHost,
        httpPort,
        advertisedUrl,
        httpRequestMaxBytes,
        httpCompression,
        Optional.of(servers),
        kafkaCommon,
        kafkaConsumer,
        kafkaProducer,
        instanceTimeout,
        instanceTimeoutMax,
        staticMembership,
        requestTimeout,
        requestTimeoutMax,
        requestMaxBytes,
        bufferMaxBytes,
        bufferMaxRecords,
        streamMaxUncommitted,
        streamMaxUncommittedMax,
        streamKeepAlive,
        maxInstances,
        shutdownTimeout,
        produceTimeout,
        jsonLogs,
        kafkaClientMetrics,
        groupLagInterval,
        groupLagMaxGroups,
        embeddedKafkaPort,
        embeddedKafkaDir,
        embeddedDemo,
        security,
        schemaRegistry);
  }
}
