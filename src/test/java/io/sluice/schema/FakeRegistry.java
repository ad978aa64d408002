package io.sluice.schema;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.sluice.config.SchemaRegistrySettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;

/** A schema registry on loopback that answers what a test tells it to, and records requests. */
final class FakeRegistry implements AutoCloseable {
  static final ObjectMapper MAPPER = new ObjectMapper();

  record Request(String method, String path, Map<String, String> headers, String body) {}

  private record Answer(int status, String body) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final CountDownLatch released = new CountDownLatch(1);
  private volatile boolean stalled;

  FakeRegistry() {
    this(null);
  }

  /** Over HTTPS when {@code tls} is given, with the certificate of its key store. */
  FakeRegistry(SSLContext tls) {
    InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    try {
      if (tls == null) {
        server = HttpServer.create(loopback, 0);
      } else {
        HttpsServer https = HttpsServer.create(loopback, 0);
        https.setHttpsConfigurator(new HttpsConfigurator(tls));
        server = https;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  URI url() {
    String scheme = server instanceof HttpsServer ? "https" : "http";
    return URI.create(scheme + "://localhost:" + server.getAddress().getPort());
  }

  /** The registry's answer to {@code GET /schemas/ids/{id}}. */
  FakeRegistry schema(int id, String type, String text) {
    return answer("GET", "/schemas/ids/" + id, 200, schemaAnswer(type, text, List.of()));
  }

  static String schemaAnswer(String type, String text, List<Map<String, Object>> references) {
    Map<String, Object> answer = new java.util.LinkedHashMap<>();
    answer.put("schema", text);
    if (type != null) {
      answer.put("schemaType", type);
    }
    if (!references.isEmpty()) {
      answer.put("references", references);
    }
    return json(answer);
  }

  FakeRegistry answer(String method, String path, int status, String body) {
    answers.put(method + " " + path, new Answer(status, body));
    return this;
  }

  /** Requests are held, unanswered, until the registry is closed. */
  FakeRegistry stall() {
    stalled = true;
    return this;
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  SchemaRegistrySettings settings() {
    return settings(List.of(url()), Optional.empty());
  }

  static SchemaRegistrySettings settings(List<URI> urls, Optional<String> userInfo) {
    return new SchemaRegistrySettings(urls, userInfo, Optional.empty(), Duration.ofSeconds(5), 100);
  }

  static String json(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Map<String, String> headers = new ConcurrentHashMap<>();
      exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.get(0)));
      String path = exchange.getRequestURI().getRawPath();
      requests.add(new Request(exchange.getRequestMethod(), path, headers, body));
      if (stalled) {
        released.await();
        return;
      }
      Answer answer =
          answers.getOrDefault(
              exchange.getRequestMethod() + " " + path,
              new Answer(404, "{\"error_code\":40403,\"message\":\"Schema not found\"}"));
      byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", RegistryHttp.MEDIA_TYPE);
      exchange.sendResponseHeaders(answer.status(), bytes.length);
      exchange.getResponseBody().write(bytes);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    released.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
