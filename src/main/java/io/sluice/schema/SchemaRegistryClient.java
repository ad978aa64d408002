package io.sluice.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.sluice.config.SchemaRegistrySettings;
import io.sluice.schema.SchemaException.Kind;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The Confluent Schema Registry REST API, as Confluent, Karapace and Apicurio's ccompat serve it:
 * schemas by id (with the schemas they reference) and registration under a subject. Parsed schemas
 * are cached by id, at most {@code schema.registry.cache.max.schemas}; registrations by subject and
 * text, so producing with the same schema does not register it again.
 *
 * <p>Thread-safe; nothing blocks: each method answers a future that fails with a {@link
 * SchemaException} ({@link Kind#SCHEMA_NOT_FOUND}, {@link Kind#REGISTRY_UNAVAILABLE}, {@link
 * Kind#UNDECODABLE} or {@link Kind#UNSUPPORTED} for a registered schema that cannot be used, {@link
 * Kind#INVALID_SCHEMA} or {@link Kind#SCHEMA_REJECTED} when registering). Concurrent requests for
 * one id share one lookup; failures are not cached. Each URL gets {@code
 * schema.registry.request.timeout.ms} to answer.
 *
 * <p>Meters: {@code sluice.schema.registry.lookups} (schemas fetched by id), {@code
 * sluice.schema.registry.registrations}, {@code sluice.schema.cache.hits}, {@code
 * sluice.schema.cache.size} and {@code sluice.schema.registry.errors} tagged {@code kind}
 * (not_found, unavailable, rejected, unusable).
 */
public final class SchemaRegistryClient {
  private static final int MAX_REFERENCE_DEPTH = 16;

  private final RegistryHttp http;
  private final SharedLookups<Integer, RegisteredSchema> byId;
  private final SharedLookups<Registration, RegisteredSchema> registered;
  private final Counter lookups;
  private final Counter registrations;
  private final Counter hits;
  private final Map<Kind, Counter> errors = new EnumMap<>(Kind.class);

  /**
   * @throws IllegalArgumentException when no URL is configured or the truststore cannot be read
   */
  public SchemaRegistryClient(SchemaRegistrySettings settings, MeterRegistry meters) {
    this.http = new RegistryHttp(settings);
    this.byId = new SharedLookups<>(settings.cacheMaxSchemas());
    this.registered = new SharedLookups<>(settings.cacheMaxSchemas());
    this.lookups =
        Counter.builder("sluice.schema.registry.lookups")
            .description("Schemas fetched from the schema registry by id (cache misses)")
            .register(meters);
    this.registrations =
        Counter.builder("sluice.schema.registry.registrations")
            .description("Schemas registered with the schema registry for produce requests")
            .register(meters);
    this.hits =
        Counter.builder("sluice.schema.cache.hits")
            .description("Schemas served from the gateway's cache, by id or by subject")
            .register(meters);
    Gauge.builder("sluice.schema.cache.size", byId, SharedLookups::size)
        .description("Parsed schemas held by id")
        .register(meters);
    for (Kind kind : Kind.values()) {
      String tag = errorKind(kind);
      if (tag != null) {
        errors.put(
            kind,
            Counter.builder("sluice.schema.registry.errors")
                .description("Failed schema registry requests, by kind")
                .tag("kind", tag)
                .register(meters));
      }
    }
  }

  /** The schema registered under {@code id}, parsed; from the cache when it is there. */
  public CompletableFuture<RegisteredSchema> schema(int id) {
    return byId.get(id, this::lookup, hits::increment);
  }

  /**
   * Registers the schema under {@code subject} (or finds it registered already) and answers it with
   * its id. The text is parsed first: a schema that does not parse is {@link Kind#INVALID_SCHEMA}
   * and never sent.
   */
  public CompletableFuture<RegisteredSchema> register(
      String subject, SchemaType type, String schemaText) {
    return registered.get(new Registration(subject, type, schemaText), this::send, hits::increment);
  }

  private CompletableFuture<RegisteredSchema> lookup(int id) {
    lookups.increment();
    return http.get("/schemas/ids/" + id, "schema id " + id + " is not in the schema registry")
        .thenCompose(answer -> references(answer, 0).thenApply(refs -> parse(id, answer, refs)))
        .whenComplete((schema, failure) -> count(failure));
  }

  private CompletableFuture<RegisteredSchema> send(Registration registration) {
    RegisteredSchema parsed;
    try {
      parsed = RegisteredSchema.parse(0, registration.type(), registration.text(), Map.of());
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(
          new SchemaException(Kind.INVALID_SCHEMA, e.getMessage()));
    }
    ObjectNode body = JsonNodeFactory.instance.objectNode().put("schema", registration.text());
    if (registration.type() != SchemaType.AVRO) {
      // Registries older than schema types refuse the field; AVRO is what its absence means.
      body.put("schemaType", registration.type().name());
    }
    registrations.increment();
    String subject = registration.subject();
    return http.post(
            "/subjects/" + RegistryHttp.segment(subject) + "/versions",
            body,
            "the schema registry has no subject " + subject)
        .thenApply(
            answer -> {
              JsonNode id = answer.path("id");
              if (!id.canConvertToInt()) {
                throw new SchemaException(
                    Kind.REGISTRY_UNAVAILABLE,
                    "The schema registry answered a registration without an id");
              }
              RegisteredSchema schema = parsed.withId(id.intValue());
              byId.put(schema.id(), schema);
              return schema;
            })
        .whenComplete((schema, failure) -> count(failure));
  }

  /** The referenced schemas' texts by reference name, each after those it references. */
  private CompletableFuture<Map<String, String>> references(JsonNode answer, int depth) {
    JsonNode refs = answer.path("references");
    if (!refs.isArray() || refs.isEmpty()) {
      return CompletableFuture.completedFuture(Map.of());
    }
    if (depth >= MAX_REFERENCE_DEPTH) {
      return CompletableFuture.failedFuture(
          new SchemaException(
              Kind.UNDECODABLE, "its schema references nest deeper than " + MAX_REFERENCE_DEPTH));
    }
    List<CompletableFuture<Map<String, String>>> each = new ArrayList<>();
    for (JsonNode ref : refs) {
      String name = ref.path("name").asText();
      String subject = ref.path("subject").asText();
      String version = ref.path("version").asText();
      each.add(
          http.get(
                  "/subjects/"
                      + RegistryHttp.segment(subject)
                      + "/versions/"
                      + RegistryHttp.segment(version),
                  "the schema it references, "
                      + subject
                      + " version "
                      + version
                      + ", is not in the schema registry")
              .thenCompose(
                  found ->
                      references(found, depth + 1)
                          .thenApply(
                              nested -> {
                                Map<String, String> all = new LinkedHashMap<>(nested);
                                all.putIfAbsent(name, found.path("schema").asText());
                                return all;
                              })));
    }
    return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
        .thenApply(
            done -> {
              Map<String, String> all = new LinkedHashMap<>();
              each.forEach(future -> future.join().forEach(all::putIfAbsent));
              return all;
            });
  }

  private static RegisteredSchema parse(int id, JsonNode answer, Map<String, String> references) {
    String typeName = answer.path("schemaType").textValue();
    SchemaType type =
        SchemaType.fromRegistry(typeName)
            .orElseThrow(
                () ->
                    new SchemaException(
                        Kind.UNSUPPORTED,
                        "schema id "
                            + id
                            + " is of type "
                            + SchemaException.brief(typeName)
                            + ", which this gateway does not read"));
    String text = answer.path("schema").textValue();
    if (text == null) {
      throw new SchemaException(
          Kind.UNDECODABLE, "the schema registry answered schema id " + id + " without its text");
    }
    try {
      return RegisteredSchema.parse(id, type, text, references);
    } catch (IllegalArgumentException e) {
      throw new SchemaException(Kind.UNDECODABLE, "schema id " + id + " is " + e.getMessage(), e);
    }
  }

  private void count(Throwable failure) {
    if (failure == null) {
      return;
    }
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    Kind kind = cause instanceof SchemaException s ? s.kind() : Kind.REGISTRY_UNAVAILABLE;
    Counter counter = errors.get(kind);
    if (counter != null) {
      counter.increment();
    }
  }

  private static String errorKind(Kind kind) {
    return switch (kind) {
      case SCHEMA_NOT_FOUND -> "not_found";
      case REGISTRY_UNAVAILABLE -> "unavailable";
      case SCHEMA_REJECTED -> "rejected";
      case UNDECODABLE, UNSUPPORTED -> "unusable";
      // Problems of a record or of a schema a client sent, not of the registry.
      case NOT_WIRE_FORMAT, WRONG_TYPE, INVALID_RECORD, INVALID_SCHEMA -> null;
    };
  }

  private record Registration(String subject, SchemaType type, String text) {}
}
