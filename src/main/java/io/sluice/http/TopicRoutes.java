package io.sluice.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.sluice.metadata.TopicView;
import io.sluice.metadata.Topics;
import io.sluice.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** Topic and broker metadata, as the REST Proxy v2 answers it (plus partition offsets). */
final class TopicRoutes {
  private static final String TOPIC = "/topics/{topic}";

  private final Topics topics;
  private final Guard guard;

  TopicRoutes(Topics topics, Guard guard) {
    this.guard = guard;
    this.topics = topics;
  }

  record Topic(String name, Map<String, String> configs, List<Partition> partitions) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Partition(
      int partition,
      int leader,
      List<Replica> replicas,
      @JsonProperty("beginning_offset") Long beginningOffset,
      @JsonProperty("end_offset") Long endOffset) {}

  record Replica(int broker, boolean leader, @JsonProperty("in_sync") boolean inSync) {}

  record Brokers(List<Integer> brokers) {}

  void addTo(JavalinConfig config) {
    config.routes.get("/topics", this::names);
    config.routes.get(TOPIC, this::topic);
    config.routes.get(TOPIC + "/partitions", this::partitions);
    config.routes.get(TOPIC + "/partitions/{partition}", this::partition);
    config.routes.get("/brokers", this::brokers);
  }

  private void names(Context ctx) {
    Principal principal = guard.principal(ctx);
    answer(
        ctx,
        topics.names(),
        names -> names.stream().filter(name -> guard.access().maySee(principal, name)).toList());
  }

  private void topic(Context ctx) {
    visible(ctx);
    answer(
        ctx,
        topics.describe(ctx.pathParam("topic")),
        t ->
            new Topic(
                t.name(),
                t.configs(),
                t.partitions().stream().map(TopicRoutes::partition).toList()));
  }

  private void partitions(Context ctx) {
    visible(ctx);
    answer(
        ctx,
        topics.partitions(ctx.pathParam("topic")),
        all -> all.stream().map(TopicRoutes::partition).toList());
  }

  private void partition(Context ctx) {
    int number =
        (int) Queries.wholeNumber("partition", ctx.pathParam("partition"), 0, Integer.MAX_VALUE);
    visible(ctx);
    answer(ctx, topics.partition(ctx.pathParam("topic"), number), TopicRoutes::partition);
  }

  private void brokers(Context ctx) {
    answer(ctx, topics.brokers(), Brokers::new);
  }

  /** A topic the requester may neither consume nor produce is not shown to it. */
  private void visible(Context ctx) {
    guard.access().requireSee(guard.principal(ctx), ctx.pathParam("topic"));
  }

  private static Partition partition(TopicView.Partition p) {
    return new Partition(
        p.partition(),
        p.leader(),
        p.replicas().stream().map(r -> new Replica(r.broker(), r.leader(), r.inSync())).toList(),
        p.beginningOffset().orElse(null),
        p.endOffset().orElse(null));
  }

  private static <T> void answer(
      Context ctx, CompletableFuture<T> future, Function<T, Object> render) {
    InsightRoutes.answer(ctx, future, render);
  }
}
