package io.sluice.metadata;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.common.utils.ThreadUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code sluice_group_lag{group,topic}}: per group with instances on this gateway and per topic,
 * the sum over partitions of log end minus committed offset (what an operator alerts on; Kafka's
 * own client lag gauge measures the gateway's prefetch, not the client). Refreshed in the
 * background every interval, for at most {@code maxGroups} groups so the series stay bounded.
 */
public final class GroupLagMeter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GroupLagMeter.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final Groups groups;
  private final Supplier<List<String>> groupNames;
  private final int maxGroups;
  private final MultiGauge gauge;
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          ThreadUtils.createThreadFactory("sluice-group-lag", true));

  public GroupLagMeter(
      Groups groups,
      Supplier<List<String>> groupNames,
      MeterRegistry meters,
      Duration interval,
      int maxGroups) {
    this.groups = groups;
    this.groupNames = groupNames;
    this.maxGroups = maxGroups;
    this.gauge =
        MultiGauge.builder("sluice.group.lag")
            .description(
                "Records not yet committed by the group, per topic (log end minus committed)")
            .register(meters);
    scheduler.scheduleWithFixedDelay(
        this::refresh, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Measures every group now (the scheduler does it every interval). */
  void refresh() {
    try {
      List<MultiGauge.Row<?>> rows = new ArrayList<>();
      for (String group : groupNames.get().stream().limit(maxGroups).toList()) {
        Map<String, Long> lag =
            groups.lagByTopic(group).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        lag.forEach(
            (topic, records) ->
                rows.add(MultiGauge.Row.of(Tags.of("group", group, "topic", topic), records)));
      }
      gauge.register(rows, true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      log.warn("Could not measure group lag: {}", e.toString());
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
