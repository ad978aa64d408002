package io.sluice.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.sluice.observability.KafkaReadiness;
import io.sluice.observability.Metrics;
import java.util.Map;

/** Liveness, readiness and the Prometheus scrape. */
final class OperationsRoutes {
  private final Metrics metrics;
  private final KafkaReadiness readiness;

  OperationsRoutes(Metrics metrics, KafkaReadiness readiness) {
    this.metrics = metrics;
    this.readiness = readiness;
  }

  void addTo(JavalinConfig config) {
    config.routes.get("/health/live", ctx -> health(ctx, 200, Map.of("status", "UP")));
    config.routes.get("/health/ready", this::ready);
    config.routes.get("/metrics", this::scrape);
  }

  /** 200 once HTTP serves (this answer proves it) and Kafka answered recently; else 503. */
  private void ready(Context ctx) {
    readiness
        .problem()
        .ifPresentOrElse(
            reason -> health(ctx, 503, Map.of("status", "DOWN", "reason", reason)),
            () -> health(ctx, 200, Map.of("status", "UP")));
  }

  private void scrape(Context ctx) {
    ctx.contentType(Metrics.CONTENT_TYPE).result(metrics.scrape());
  }

  private static void health(Context ctx, int status, Map<String, String> body) {
    Json.answer(ctx, status, MediaTypes.JSON, body);
  }
}
