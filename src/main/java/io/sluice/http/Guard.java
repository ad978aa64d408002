package io.sluice.http;

import io.javalin.config.JavalinConfig;
import io.javalin.config.JavalinState;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.Header;
import io.javalin.plugin.Plugin;
import io.javalin.plugin.PluginPriority;
import io.sluice.consumer.ConsumerInstance;
import io.sluice.consumer.ConsumerRegistry;
import io.sluice.consumer.Owner;
import io.sluice.security.Access;
import io.sluice.security.Credentials;
import io.sluice.security.KafkaLogin;
import io.sluice.security.Principal;
import io.sluice.security.Security;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.kafka.common.TopicPartition;

/**
 * Authenticates every request that needs it before any route runs, and gives routes the principal
 * and what it may do. Preflight {@code OPTIONS} requests carry no credentials and pass (CORS
 * answers them; no route serves them).
 */
final class Guard {
  private static final String PRINCIPAL = "sluice.principal";
  private static final String CERTIFICATES = "jakarta.servlet.request.X509Certificate";

  private final Security security;

  Guard(Security security) {
    this.security = security;
  }

  void addTo(JavalinConfig config) {
    // Started late, after the CORS plugin added its before handler: a 401 to a browser on an
    // allowed origin then carries Access-Control-Allow-Origin, and its page can read it.
    config.registerPlugin(
        new Plugin<Void>() {
          @Override
          public void onStart(JavalinState state) {
            state.routes.before(Guard.this::authenticate);
          }

          @Override
          public PluginPriority priority() {
            return PluginPriority.LATE;
          }
        });
  }

  private void authenticate(Context ctx) {
    if (!security.enabled()) {
      ctx.attribute(PRINCIPAL, Principal.ANONYMOUS);
      return;
    }
    if (ctx.method() == HandlerType.OPTIONS || !security.guards(ctx.path())) {
      return;
    }
    security.refuseForgedRequest(
        ctx.method().name(), ctx.header("Sec-Fetch-Site"), ctx.header(Header.ORIGIN));
    Credentials credentials =
        new Credentials(Optional.ofNullable(ctx.header(Header.AUTHORIZATION)), certificates(ctx));
    ctx.attribute(PRINCIPAL, security.authenticate(credentials, ctx.ip()));
  }

  /**
   * Whether a 401 to this request carries the challenge. Not to a script of a page on the gateway's
   * own origin (Swagger UI): given Basic, the browser would ask for a password with a prompt of its
   * own, then send it with every request, past the page's Authorize and Logout. Scripts elsewhere
   * (CORS) get it, as browsers never prompt for them.
   */
  static boolean challenges(Context ctx) {
    return !"same-origin".equals(ctx.header("Sec-Fetch-Site"))
        || "navigate".equals(ctx.header("Sec-Fetch-Mode"));
  }

  private static List<X509Certificate> certificates(Context ctx) {
    Object chain = ctx.req().getAttribute(CERTIFICATES);
    return chain instanceof X509Certificate[] certificates ? List.of(certificates) : List.of();
  }

  /** Who sent the request; only guarded routes ask. */
  Principal principal(Context ctx) {
    Principal principal = ctx.attribute(PRINCIPAL);
    if (principal == null) {
      throw new IllegalStateException(
          "No principal for " + ctx.path() + ": the route is unguarded");
    }
    return principal;
  }

  Access access() {
    return security.access();
  }

  /** The partitions, once the requester may consume every topic among them. */
  <C extends Collection<TopicPartition>> C consumable(Context ctx, C partitions) {
    requireConsume(ctx, partitions.stream().map(TopicPartition::topic).toList());
    return partitions;
  }

  /** The topics, once the requester may consume every one of them. */
  List<String> requireConsume(Context ctx, List<String> topics) {
    access().requireConsume(principal(ctx), topics.stream().distinct().toList());
    return topics;
  }

  /** A subscription pattern, narrowed to the topics the requester may consume. */
  Pattern consumable(Context ctx, Pattern requested) {
    try {
      return access().consumable(principal(ctx), requested);
    } catch (IllegalArgumentException e) {
      throw RequestException.invalid("Invalid topic_pattern: " + e.getMessage());
    }
  }

  /** The requester as the owner of an instance it creates. */
  Owner owner(Context ctx) {
    Principal principal = principal(ctx);
    return new Owner(
        principal.name(), principal.kafkaLogin().map(KafkaLogin::clientSettings).orElse(Map.of()));
  }

  /**
   * The instance named by the path, for its owner only: another principal is refused before the
   * request counts as a use or acknowledges anything.
   */
  ConsumerInstance instance(Context ctx, ConsumerRegistry registry) {
    String group = ctx.pathParam("group");
    String id = ctx.pathParam("instance");
    ConsumerInstance instance = registry.inspect(group, id);
    requireOwner(ctx, instance);
    return registry.use(instance);
  }

  /** The instance, to look at it (status, lag), for its owner only. */
  ConsumerInstance inspect(Context ctx, ConsumerRegistry registry) {
    ConsumerInstance instance = registry.inspect(ctx.pathParam("group"), ctx.pathParam("instance"));
    requireOwner(ctx, instance);
    return instance;
  }

  private void requireOwner(Context ctx, ConsumerInstance instance) {
    access().requireOwner(principal(ctx), instance.owner(), instance.group(), instance.id());
  }
}
