package io.sluice.metadata;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A topic as the REST Proxy shows it: its configuration and its partitions' replicas. */
public record TopicView(String name, Map<String, String> configs, List<Partition> partitions) {

  /**
   * One partition; {@code leader} is -1 while it has none. The offsets are present where they were
   * asked for (the partition endpoints): the first offset still stored and the next one to be
   * written.
   */
  public record Partition(
      int partition,
      int leader,
      List<Replica> replicas,
      Optional<Long> beginningOffset,
      Optional<Long> endOffset) {}

  public record Replica(int broker, boolean leader, boolean inSync) {}
}
