package io.sluice.http;

import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.http.HttpResponseException;
import io.javalin.router.Endpoint;
import io.javalin.validation.ValidationException;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.sluice.config.Settings;
import io.sluice.consumer.ConsumerRegistry;
import io.sluice.format.SchemaRenderer;
import io.sluice.metadata.Cluster;
import io.sluice.observability.KafkaReadiness;
import io.sluice.observability.Metrics;
import io.sluice.producer.RecordProducer;
import io.sluice.schema.Schemas;
import io.sluice.security.AuthenticationFailure;
import io.sluice.security.Security;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP face of the gateway: Javalin routes, the error envelope for every failure (Javalin's,
 * Jetty's and ours), and the access log. The only class that starts or stops Javalin.
 */
public final class HttpServer implements AutoCloseable {
  private static final Logger access = LoggerFactory.getLogger("io.sluice.access");

  /** The status logged for a request whose client left before its answer (nginx's 499). */
  private static final int CLIENT_GONE = 499;

  private final Javalin app;
  private final ConsumerRoutes consumers;
  private final Meter.MeterProvider<Timer> requests;

  public HttpServer(
      Settings settings,
      ConsumerRegistry registry,
      Cluster cluster,
      RecordProducer producer,
      Metrics metrics,
      KafkaReadiness readiness,
      Security security,
      Optional<Schemas> schemas) {
    this.requests =
        Timer.builder("http.server.requests")
            .description("HTTP requests by method, route template and status")
            .withRegistry(metrics.registry());
    Guard guard = new Guard(security);
    this.consumers =
        new ConsumerRoutes(
            registry, guard, schemas.map(s -> (SchemaRenderer) s), settings, metrics.registry());
    InsightRoutes insight = new InsightRoutes(registry, guard, cluster.groups());
    TopicRoutes topics = new TopicRoutes(cluster.topics(), guard);
    ProduceRoutes produce = new ProduceRoutes(cluster.topics(), producer, guard, schemas);
    OperationsRoutes operations = new OperationsRoutes(metrics, readiness);
    this.app =
        Javalin.create(
            config -> {
              configure(config, settings);
              Transport.configure(config, settings);
              guard.addTo(config);
              consumers.addTo(config);
              insight.addTo(config);
              topics.addTo(config);
              produce.addTo(config);
              operations.addTo(config);
              new DocsRoutes().addTo(config);
            });
  }

  /** Binds the server; {@code port} 0 picks a free one (see {@link #port()}). */
  public void start(String host, int port) {
    app.start(host, port);
  }

  public int port() {
    return app.port();
  }

  /** Stops accepting requests and lets in-flight ones finish (up to a deadline); idempotent. */
  @Override
  public void close() {
    consumers.endStreams();
    app.stop();
    consumers.close();
  }

  private void configure(JavalinConfig config, Settings settings) {
    config.http.maxRequestSize = settings.httpRequestMaxBytes();
    config.http.compressionStrategy =
        settings.httpCompression() ? CompressionStrategy.GZIP : CompressionStrategy.NONE;
    config.startup.showJavalinBanner = false;
    config.startup.showOldJavalinVersionWarning = false;
    config.startup.startupWatcherEnabled = false;
    config.http.prefer405over404 = true;
    config.jetty.modifyServer(
        server -> {
          server.setStopTimeout(settings.shutdownTimeout().toMillis());
          server.setErrorHandler(new JettyErrors());
        });
    config.requestLogger.http(this::logAccess);
    config.routes.exception(
        HttpResponseException.class,
        (e, ctx) -> {
          String allow = e.getDetails().get("availableMethods");
          if (allow != null) {
            ctx.header(Header.ALLOW, allow);
          }
          String message =
              e.getStatus() == 413
                  ? "Request body too large: the limit is "
                      + settings.httpRequestMaxBytes()
                      + " bytes (http.request.max.bytes)"
                  : e.getMessage();
          render(ctx, ErrorTable.Answer.of(e.getStatus(), e.getStatus(), message));
        });
    config.routes.exception(
        AuthenticationFailure.class,
        (e, ctx) -> {
          if (Guard.challenges(ctx)) {
            ctx.header(Header.WWW_AUTHENTICATE, e.challenge());
          }
          render(ctx, ErrorTable.answer(e));
        });
    config.routes.exception(
        ValidationException.class,
        (e, ctx) ->
            render(ctx, ErrorTable.Answer.of(422, 422, "Invalid request: " + e.getErrors())));
    config.routes.exception(
        Exception.class,
        (e, ctx) -> {
          if (e instanceof CancellationException) {
            // A long poll withdrawn because its client left: nobody reads this; log it as such.
            ctx.status(CLIENT_GONE);
          } else {
            render(ctx, ErrorTable.answer(e));
          }
        });
  }

  private static void render(Context ctx, ErrorTable.Answer answer) {
    Json.answer(ctx, answer.status(), answer.error());
  }

  /** One line per request (never payloads) and the request timer by route and status. */
  private void logAccess(Context ctx, Float millis) {
    Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
    String route = endpoint == null ? "unmatched" : endpoint.path;
    String status = Integer.toString(ctx.statusCode());
    access.info(
        "{} {} {} {}ms",
        ctx.method(),
        endpoint == null ? ctx.path() : route,
        status,
        String.format(Locale.ROOT, "%.1f", millis));
    requests
        .withTags("method", ctx.method().name(), "route", route, "status", status)
        .record(Duration.ofNanos((long) (millis * 1_000_000)));
  }
}
