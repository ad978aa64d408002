package io.sluice.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.config.SchemaRegistrySettings;
import io.sluice.config.SchemaRegistrySettings.Truststore;
import io.sluice.schema.SchemaException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests to the registry's REST API, each tried on the configured URLs in turn, starting with the
 * last one that answered. A URL that does not answer, answers 5xx, refuses the credentials or
 * answers something that is not the registry's JSON is skipped; when none is left the failure is
 * {@link Kind#REGISTRY_UNAVAILABLE}, naming the URLs (never the credentials). Thread-safe.
 */
final class RegistryHttp {
  static final String MEDIA_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final String ACCEPT =
      MEDIA_TYPE + ", application/vnd.schemaregistry+json; q=0.9, application/json; q=0.5";
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Logger log = LoggerFactory.getLogger(RegistryHttp.class);

  private final List<URI> urls;
  private final Duration timeout;
  private final Optional<String> authorization;
  private final HttpClient client;
  private final AtomicInteger preferred = new AtomicInteger();

  RegistryHttp(SchemaRegistrySettings settings) {
    if (!settings.enabled()) {
      throw new IllegalArgumentException("schema.registry.url is empty: no registry to call");
    }
    this.urls = settings.urls();
    this.timeout = settings.requestTimeout();
    this.authorization =
        settings
            .userInfo()
            .map(
                info ->
                    "Basic "
                        + Base64.getEncoder()
                            .encodeToString(info.getBytes(StandardCharsets.UTF_8)));
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER);
    settings.truststore().ifPresent(truststore -> builder.sslContext(tls(truststore)));
    this.client = builder.build();
  }

  /** {@code GET path}; a 404 with a registry error code fails as {@code notFound} says. */
  CompletableFuture<JsonNode> get(String path, String notFound) {
    return attempt("GET", path, null, notFound, preferred.get(), 0, new ArrayList<>());
  }

  /** {@code POST path} with a JSON body; 409 and 422 fail as {@link Kind#SCHEMA_REJECTED}. */
  CompletableFuture<JsonNode> post(String path, JsonNode body, String notFound) {
    byte[] bytes;
    try {
      bytes = MAPPER.writeValueAsBytes(body);
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
    return attempt("POST", path, bytes, notFound, preferred.get(), 0, new ArrayList<>());
  }

  /** A path segment, percent-encoded (a subject may hold any character). */
  static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private CompletableFuture<JsonNode> attempt(
      String method,
      String path,
      byte[] body,
      String notFound,
      int start,
      int tried,
      List<String> failures) {
    int index = (start + tried) % urls.size();
    URI base = urls.get(index);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(timeout)
            .header("Accept", ACCEPT)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    if (body != null) {
      request.header("Content-Type", MEDIA_TYPE);
    }
    authorization.ifPresent(value -> request.header("Authorization", value));
    return client
        .sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray())
        .handle(
            (response, error) -> {
              String problem;
              if (error != null) {
                problem = describe(error);
              } else {
                try {
                  CompletableFuture<JsonNode> outcome = outcome(response, index, notFound);
                  if (outcome != null) {
                    return outcome;
                  }
                  int status = response.statusCode();
                  problem =
                      status == 401 || status == 403
                          ? "refused the gateway's credentials (" + status + ")"
                          : "answered " + status;
                } catch (IOException e) {
                  problem = "answered " + response.statusCode() + " with something other than JSON";
                }
              }
              failures.add(display(base) + " " + problem);
              if (tried + 1 < urls.size()) {
                log.warn("Schema registry {} {}; trying the next URL", display(base), problem);
                return attempt(method, path, body, notFound, start, tried + 1, failures);
              }
              return CompletableFuture.<JsonNode>failedFuture(
                  new SchemaException(
                      Kind.REGISTRY_UNAVAILABLE,
                      "The schema registry is unavailable ("
                          + String.join("; ", failures)
                          + "); try again shortly"));
            })
        .thenCompose(outcome -> outcome);
  }

  /** The answer, a final failure, or null when the next URL should be tried. */
  private CompletableFuture<JsonNode> outcome(
      HttpResponse<byte[]> response, int index, String notFound) throws IOException {
    int status = response.statusCode();
    if (status >= 500 || status == 401 || status == 403 || status == 408 || status == 429) {
      return null;
    }
    JsonNode answer;
    try {
      answer = MAPPER.readTree(response.body());
    } catch (IOException e) {
      answer = null;
    }
    // A 404 without the registry's own error is a wrong URL (or a proxy's page): unavailable.
    boolean definite = status / 100 == 4 && status != 404;
    if (definite && (answer == null || !answer.isObject())) {
      // A definite answer about this request, if not the registry's own words.
      return refused(index, status, notFound, 0, "");
    }
    if (answer == null || !answer.isObject()) {
      throw new IOException("not a JSON object");
    }
    if (status / 100 == 2) {
      preferred.set(index);
      return CompletableFuture.completedFuture(answer);
    }
    int code = answer.path("error_code").asInt(0);
    String message = SchemaException.brief(answer.path("message").asText(""));
    if (status == 404 && code >= 40400 && code < 40500) {
      preferred.set(index);
      return CompletableFuture.failedFuture(new SchemaException(Kind.SCHEMA_NOT_FOUND, notFound));
    }
    if (status == 409 || status == 422) {
      preferred.set(index);
      return CompletableFuture.failedFuture(
          new SchemaException(
              Kind.SCHEMA_REJECTED,
              "the schema registry refused the schema: " + message + " (error " + code + ")"));
    }
    return definite ? refused(index, status, notFound, code, message) : null;
  }

  /**
   * Any other 4xx is the registry's final word on this request: a lookup is a schema it cannot give
   * (the record becomes a 42207 the client can seek past, not an endless 503), a registration is
   * refused.
   */
  private CompletableFuture<JsonNode> refused(
      int index, int status, String notFound, int code, String message) {
    preferred.set(index);
    String said = " (the registry answered " + status + (code == 0 ? "" : ", error " + code) + ")";
    return CompletableFuture.failedFuture(
        notFound != null
            ? new SchemaException(Kind.SCHEMA_NOT_FOUND, notFound + said)
            : new SchemaException(
                Kind.SCHEMA_REJECTED,
                "the schema registry refused the schema: "
                    + (message.isEmpty() ? "" : message + " ")
                    + said.trim()));
  }

  private String describe(Throwable error) {
    Throwable e =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (e instanceof HttpTimeoutException) {
      return "did not answer within " + timeout.toMillis() + " ms";
    }
    if (e instanceof ConnectException) {
      return "refused the connection";
    }
    if (e instanceof SSLException) {
      return "failed the TLS handshake (" + SchemaException.brief(e.getMessage()) + ")";
    }
    return "could not be reached (" + e.getClass().getSimpleName() + ")";
  }

  /** The URL as messages show it: scheme, host, port and path only. */
  static String display(URI url) {
    return url.getScheme()
        + "://"
        + url.getHost()
        + (url.getPort() < 0 ? "" : ":" + url.getPort())
        + (url.getRawPath() == null ? "" : url.getRawPath());
  }

  private static SSLContext tls(Truststore truststore) {
    try (InputStream in = Files.newInputStream(truststore.path())) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, truststore.password().toCharArray());
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "schema.registry.ssl.truststore.location "
              + truststore.path()
              + " cannot be read as a PKCS#12 truststore with its password ("
              + e.getClass().getSimpleName()
              + ")",
          e);
    }
  }
}
