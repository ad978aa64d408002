package io.sluice.http;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.http.HttpResponseException;
import io.javalin.router.Endpoint;
import io.javalin.validation.ValidationException;
import io.sluice.config.Settings;
import io.sluice.consumer.ConsumerRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP face of the gateway: Javalin routes, the error envelope for every failure (Javalin's,
 * Jetty's and ours), and the access log. The only class that starts or stops Javalin.
 */
public final class HttpServer implements AutoCloseable {
  private static final Logger access = LoggerFactory.getLogger("io.sluice.access");
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  private final Javalin app;

  public HttpServer(Settings settings, ConsumerRegistry registry) {
    ConsumerRoutes consumers = new ConsumerRoutes(registry, settings);
    this.app =
        Javalin.create(
            config -> {
              configure(config);
              consumers.addTo(config);
              config.routes.get("/openapi.yaml", HttpServer::openApi);
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
    app.stop();
  }

  private static void configure(JavalinConfig config) {
    config.startup.showJavalinBanner = false;
    config.startup.showOldJavalinVersionWarning = false;
    config.startup.startupWatcherEnabled = false;
    config.http.prefer405over404 = true;
    config.jetty.modifyServer(
        server -> {
          server.setStopTimeout(STOP_TIMEOUT.toMillis());
          server.setErrorHandler(new JettyErrors());
        });
    config.requestLogger.http(HttpServer::logAccess);
    config.routes.exception(
        HttpResponseException.class,
        (e, ctx) -> {
          String allow = e.getDetails().get("availableMethods");
          if (allow != null) {
            ctx.header(Header.ALLOW, allow);
          }
          render(ctx, ErrorTable.Answer.of(e.getStatus(), e.getStatus(), e.getMessage()));
        });
    config.routes.exception(
        ValidationException.class,
        (e, ctx) ->
            render(ctx, ErrorTable.Answer.of(422, 422, "Invalid request: " + e.getErrors())));
    config.routes.exception(
        Exception.class,
        (e, ctx) -> {
          if (!(e instanceof CancellationException)) {
            render(ctx, ErrorTable.answer(e));
          }
        });
  }

  private static void render(Context ctx, ErrorTable.Answer answer) {
    Json.answer(ctx, answer.status(), answer.error());
  }

  private static void openApi(Context ctx) {
    try (InputStream spec = HttpServer.class.getResourceAsStream("/openapi/sluice.yaml")) {
      if (spec == null) {
        throw new IllegalStateException("openapi/sluice.yaml is missing from the classpath");
      }
      ctx.contentType("application/yaml").result(spec.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void logAccess(Context ctx, Float millis) {
    Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
    access.info(
        "{} {} {} {}ms",
        ctx.method(),
        endpoint == null ? ctx.path() : endpoint.path,
        ctx.statusCode(),
        String.format("%.1f", millis));
  }
}
