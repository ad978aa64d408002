package io.sluice.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.sluice.consumer.ConsumerRegistry;
import io.sluice.metadata.Groups;
import io.sluice.security.Principal;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * What operators read: the instances of a group held here, one instance's status and lag, and the
 * whole group as Kafka describes it. Reading is no use of an instance: it does not postpone expiry
 * nor acknowledge answers.
 */
final class InsightRoutes {
  private static final String INSTANCES = "/consumers/{group}/instances";
  private static final String INSTANCE = INSTANCES + "/{instance}";

  private final ConsumerRegistry registry;
  private final Groups groups;
  private final Guard guard;

  InsightRoutes(ConsumerRegistry registry, Guard guard, Groups groups) {
    this.registry = registry;
    this.guard = guard;
    this.groups = groups;
  }

  void addTo(JavalinConfig config) {
    config.routes.get("/consumers/{group}", this::group);
    config.routes.get(INSTANCES, this::instances);
    config.routes.get(INSTANCE, this::status);
    config.routes.get(INSTANCE + "/lag", this::lag);
  }

  private void group(Context ctx) {
    guard.access().requireConsumeGroup(guard.principal(ctx), ctx.pathParam("group"));
    answer(ctx, groups.describe(ctx.pathParam("group")), Insight::group);
  }

  private void instances(Context ctx) {
    Principal principal = guard.principal(ctx);
    guard.access().requireConsumeGroup(principal, ctx.pathParam("group"));
    answer(
        ctx,
        registry.statuses(ctx.pathParam("group"), owner -> guard.access().owns(principal, owner)),
        Insight::instances);
  }

  private void status(Context ctx) {
    guard.inspect(ctx, registry);
    answer(
        ctx, registry.status(ctx.pathParam("group"), ctx.pathParam("instance")), Insight::status);
  }

  private void lag(Context ctx) {
    answer(ctx, guard.inspect(ctx, registry).lag(), Insight::lag);
  }

  /** Answers 200 with the rendered value once the future completes; no Jetty thread waits. */
  static <T> void answer(Context ctx, CompletableFuture<T> future, Function<T, Object> render) {
    ConsumerRoutes.later(ctx, future, (c, value) -> Json.answer(c, 200, render.apply(value)));
  }
}
