package io.sluice.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.sluice.config.SecuritySettings;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's security decisions for {@code http/}: which paths need a principal, who a request
 * comes from, and (through {@link #access()}) what that principal may do. Failed authentications
 * are counted in {@code sluice_auth_failures_total} by reason and logged without any credential.
 */
public final class Security {
  private static final Logger log = LoggerFactory.getLogger(Security.class);
  private static final Pattern DOCS =
      Pattern.compile("/openapi\\.(?:json|yaml)|/docs(?:/[A-Za-z0-9_-][A-Za-z0-9._-]*)*/?");

  private final SecuritySettings settings;
  private final Optional<Authenticator> authenticator;
  private final Access access;
  private final Map<AuthenticationFailure.Reason, Counter> failures =
      new EnumMap<>(AuthenticationFailure.Reason.class);

  public Security(SecuritySettings settings, MeterRegistry meters) {
    this.settings = settings;
    this.authenticator = authenticator(settings);
    this.access = new Access(settings.rulesFile());
    for (AuthenticationFailure.Reason reason : AuthenticationFailure.Reason.values()) {
      failures.put(
          reason,
          Counter.builder("sluice.auth.failures")
              .description("Requests refused with 401, by reason (missing, malformed, rejected)")
              .tag("reason", reason.name().toLowerCase(java.util.Locale.ROOT))
              .register(meters));
    }
  }

  private static Optional<Authenticator> authenticator(SecuritySettings settings) {
    return switch (settings.mode()) {
      case NONE -> Optional.empty();
      case BASIC ->
          Optional.of(
              new BasicAuthenticator(
                  settings.usersFile().orElseThrow(),
                  settings.kafkaPassthrough()
                      ? Optional.of(settings.passthroughMechanism())
                      : Optional.empty()));
      case BEARER -> Optional.of(new BearerAuthenticator(settings));
      case MTLS -> Optional.of(new CertificateAuthenticator());
    };
  }

  /**
   * Whether a request for {@code path} must authenticate: health never does, {@code /metrics} and
   * the docs as configured, everything else whenever a mode is set.
   */
  public boolean guards(String path) {
    if (authenticator.isEmpty() || path.equals("/health/live") || path.equals("/health/ready")) {
      return false;
    }
    if (path.equals("/metrics")) {
      return !settings.metricsOpen();
    }
    return !(settings.docsOpen() && DOCS.matcher(path).matches() && !path.contains(".."));
  }

  /**
   * The principal behind {@code credentials}; {@link Principal#ANONYMOUS} when no mode is set.
   * Throws {@link AuthenticationFailure} otherwise, after counting and logging it.
   */
  public Principal authenticate(Credentials credentials, String remoteAddress) {
    if (authenticator.isEmpty()) {
      return Principal.ANONYMOUS;
    }
    try {
      return authenticator.get().authenticate(credentials);
    } catch (AuthenticationFailure e) {
      failures.get(e.reason()).increment();
      log.warn(
          "Authentication failed from {}: {} ({})",
          remoteAddress,
          e.detail(),
          e.reason().name().toLowerCase(java.util.Locale.ROOT));
      throw e;
    }
  }

  /**
   * Refuses a state-changing request a browser sent from another site's page, unless that origin is
   * in {@code http.cors.origins}: the browser attaches credentials it holds (a Basic login it was
   * prompted for, a client certificate) even to a form or {@code no-cors} POST the page could not
   * read the answer of, so without this any site could commit or delete a user's instances.
   */
  public void refuseForgedRequest(String method, String fetchSite, String origin) {
    boolean changes = !(method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS"));
    boolean fromAnotherSite = "cross-site".equals(fetchSite) || "same-site".equals(fetchSite);
    if (!changes || !fromAnotherSite) {
      return;
    }
    List<String> allowed = settings.corsOrigins();
    if (origin != null && (allowed.contains(origin) || allowed.contains("*"))) {
      return;
    }
    throw new AccessDenied(
        "A "
            + method
            + " from a page of "
            + (origin == null ? "another site" : origin)
            + " is refused: list that origin in http.cors.origins to let its pages call this"
            + " gateway");
  }

  public Access access() {
    return access;
  }

  /** Whether clients must authenticate at all. */
  public boolean enabled() {
    return settings.enabled();
  }
}
