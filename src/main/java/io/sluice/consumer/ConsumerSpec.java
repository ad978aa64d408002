package io.sluice.consumer;

import io.sluice.format.RecordFormat;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * What a client asked for when creating an instance.
 *
 * @param name the instance id; empty means one is generated
 * @param autoOffsetReset {@code earliest}, {@code latest} or {@code none}; empty keeps Kafka's
 * @param fetchMinBytes the least a fetch waits for before its timeout
 * @param requestTimeout how long a fetch without {@code ?timeout=} waits; empty: gateway default
 * @param instanceTimeout how long the instance may sit unused; empty: gateway default
 * @param overrides Kafka consumer settings from the per-instance allow-list
 */
public record ConsumerSpec(
    String group,
    Optional<String> name,
    RecordFormat format,
    Optional<String> autoOffsetReset,
    boolean autoCommit,
    long fetchMinBytes,
    Optional<Duration> requestTimeout,
    Optional<Duration> instanceTimeout,
    Map<String, String> overrides) {

  public ConsumerSpec {
    overrides = Map.copyOf(overrides);
  }

  /** This spec with {@code group.instance.id} set, unless the client set one. */
  ConsumerSpec withStaticId(String staticId) {
    if (groupInstanceId().isPresent()) {
      return this;
    }
    Map<String, String> withId = new HashMap<>(overrides);
    withId.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, staticId);
    return new ConsumerSpec(
        group,
        name,
        format,
        autoOffsetReset,
        autoCommit,
        fetchMinBytes,
        requestTimeout,
        instanceTimeout,
        withId);
  }

  /** The static membership id ({@code group.instance.id}), when the instance has one. */
  public Optional<String> groupInstanceId() {
    return Optional.ofNullable(overrides.get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG));
  }
}
