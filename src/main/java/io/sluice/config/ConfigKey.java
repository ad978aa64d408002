package io.sluice.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Every gateway setting: its key, built-in default and meaning. Kafka client settings are not
 * listed here; they pass through under the {@code kafka.} and {@code kafka.consumer.} prefixes.
 */
public enum ConfigKey {
  HTTP_HOST("http.host", "0.0.0.0", ValueType.TEXT, "Address the HTTP server binds to."),
  HTTP_PORT("http.port", "8082", ValueType.PORT, "HTTP port (the REST Proxy's port)."),
  HTTP_ADVERTISED_URL(
      "http.advertised.url",
      "",
      ValueType.URL,
      "Base URL used in base_uri answers; empty means derived from each request."),
  HTTP_REQUEST_MAX_BYTES(
      "http.request.max.bytes",
      "1048576",
      ValueType.POSITIVE_LONG,
      "Largest request body accepted; larger ones are refused with 413."),
  HTTP_COMPRESSION(
      "http.compression",
      "false",
      ValueType.BOOLEAN,
      "Gzip answers for clients that send Accept-Encoding: gzip. Off by default: on a fast network"
          + " compressing costs the gateway more time than it saves."),
  HTTP_TLS_KEYSTORE_PATH(
      "http.tls.keystore.path",
      "",
      ValueType.TEXT,
      "PKCS#12 keystore with the server key and certificate chain; set, the gateway speaks HTTPS"
          + " only (TLS 1.2 and 1.3)."),
  HTTP_TLS_KEYSTORE_PASSWORD(
      "http.tls.keystore.password", "", ValueType.TEXT, "Password of http.tls.keystore.path."),
  HTTP_TLS_CLIENT_AUTH(
      "http.tls.client.auth",
      "none",
      ValueType.TLS_CLIENT_AUTH,
      "Client certificates: none, want (verified when sent; health checks need none) or need"
          + " (the handshake fails without one); auth.mode=mtls needs want or need."),
  HTTP_TLS_TRUSTSTORE_PATH(
      "http.tls.truststore.path",
      "",
      ValueType.TEXT,
      "PKCS#12 truststore with the CA certificates client certificates must be signed by."),
  HTTP_TLS_TRUSTSTORE_PASSWORD(
      "http.tls.truststore.password", "", ValueType.TEXT, "Password of http.tls.truststore.path."),
  HTTP_CORS_ORIGINS(
      "http.cors.origins",
      "",
      ValueType.TEXT,
      "Comma-separated origins browsers may call from (https://app.example.com), or * for any;"
          + " empty allows no cross-origin calls."),
  AUTH_MODE(
      "auth.mode",
      "none",
      ValueType.AUTH_MODE,
      "How clients authenticate: none, basic (users file), bearer (JWT) or mtls (client"
          + " certificate)."),
  AUTH_BASIC_USERS_FILE(
      "auth.basic.users.file",
      "",
      ValueType.TEXT,
      "For auth.mode=basic: lines name:bcrypt-hash (java -jar sluice.jar --hash-password makes"
          + " one); re-read when it changes."),
  AUTH_BEARER_JWKS(
      "auth.bearer.jwks",
      "",
      ValueType.TEXT,
      "For auth.mode=bearer: the JWK set that signs tokens, as a file path (re-read when it"
          + " changes) or an http(s) URL (cached, refreshed on an unknown key id)."),
  AUTH_BEARER_ISSUER(
      "auth.bearer.issuer", "", ValueType.TEXT, "For auth.mode=bearer: the required iss claim."),
  AUTH_BEARER_AUDIENCE(
      "auth.bearer.audience",
      "",
      ValueType.TEXT,
      "For auth.mode=bearer: an aud the token must carry."),
  AUTH_BEARER_PRINCIPAL_CLAIM(
      "auth.bearer.principal.claim",
      "sub",
      ValueType.TEXT,
      "The claim that names the principal; instances belong to it across token refreshes."),
  AUTH_BEARER_CLOCK_SKEW_MS(
      "auth.bearer.clock.skew.ms",
      "60000",
      ValueType.MILLIS,
      "Clock difference tolerated when checking exp and nbf; at most 300000."),
  AUTH_RULES_FILE(
      "auth.rules.file",
      "",
      ValueType.TEXT,
      "JSON rules: per principal (or *), the group and topic patterns it may consume and the"
          + " topics it may produce to; empty lets every authenticated principal do everything."),
  AUTH_MAX_INSTANCES_PER_PRINCIPAL(
      "auth.max.instances.per.principal",
      "100",
      ValueType.POSITIVE_LONG,
      "Most consumer instances one principal may hold; more are refused with 42901."),
  AUTH_METRICS_OPEN(
      "auth.metrics.open",
      "false",
      ValueType.BOOLEAN,
      "Serve /metrics without authentication (for a scraper without credentials)."),
  AUTH_DOCS_OPEN(
      "auth.docs.open",
      "true",
      ValueType.BOOLEAN,
      "Serve /docs and the OpenAPI document without authentication."),
  AUTH_KAFKA_PASSTHROUGH(
      "auth.kafka.passthrough",
      "false",
      ValueType.BOOLEAN,
      "Consume and produce with the caller's own credentials (Basic: SASL"
          + " auth.kafka.passthrough.mechanism), so the cluster's ACLs decide."),
  AUTH_KAFKA_PASSTHROUGH_MECHANISM(
      "auth.kafka.passthrough.mechanism",
      "PLAIN",
      ValueType.SASL_MECHANISM,
      "SASL mechanism for passed-through Basic credentials: PLAIN, SCRAM-SHA-256 or"
          + " SCRAM-SHA-512."),
  KAFKA_BOOTSTRAP_SERVERS(
      "kafka.bootstrap.servers",
      "",
      ValueType.TEXT,
      "Kafka cluster to consume from; empty starts the embedded single-node broker."),
  CONSUMER_INSTANCE_TIMEOUT_MS(
      "consumer.instance.timeout.ms",
      "300000",
      ValueType.POSITIVE_MILLIS,
      "An instance nobody used for this long is closed and leaves its group."),
  CONSUMER_INSTANCE_TIMEOUT_MAX_MS(
      "consumer.instance.timeout.max.ms",
      "3600000",
      ValueType.POSITIVE_MILLIS,
      "The longest consumer.instance.timeout.ms a client may set for its own instance."),
  CONSUMER_STATIC_MEMBERSHIP(
      "consumer.static.membership",
      "false",
      ValueType.BOOLEAN,
      "Give every instance created without group.instance.id its name as group.instance.id, so an"
          + " instance created again after a gateway restart takes its partitions back at once."),
  CONSUMER_REQUEST_TIMEOUT_MS(
      "consumer.request.timeout.ms",
      "1000",
      ValueType.MILLIS,
      "How long GET records waits for data when the request names no timeout."),
  CONSUMER_REQUEST_TIMEOUT_MAX_MS(
      "consumer.request.timeout.max.ms",
      "30000",
      ValueType.MILLIS,
      "The longest wait a GET records request may ask for with ?timeout=."),
  CONSUMER_REQUEST_MAX_BYTES(
      "consumer.request.max.bytes",
      "67108864",
      ValueType.POSITIVE_LONG,
      "Upper bound of one GET records answer (key and value bytes); caps ?max_bytes=."),
  CONSUMER_BUFFER_MAX_BYTES(
      "consumer.buffer.max.bytes",
      "16777216",
      ValueType.POSITIVE_LONG,
      "Per-instance prefetch buffer; above it the poll loop pauses its partitions."),
  CONSUMER_BUFFER_MAX_RECORDS(
      "consumer.buffer.max.records",
      "10000",
      ValueType.POSITIVE_LONG,
      "Per-instance prefetch buffer limit in records."),
  CONSUMER_STREAM_MAX_UNCOMMITTED(
      "consumer.stream.max.uncommitted",
      "10000",
      ValueType.POSITIVE_LONG,
      "Records a stream sends before it waits for a commit, unless ?max_uncommitted= says less."),
  CONSUMER_STREAM_MAX_UNCOMMITTED_MAX(
      "consumer.stream.max.uncommitted.max",
      "100000",
      ValueType.POSITIVE_LONG,
      "The largest ?max_uncommitted= a stream may ask for (sent records are kept for resending)."),
  CONSUMER_STREAM_KEEPALIVE_MS(
      "consumer.stream.keepalive.ms",
      "15000",
      ValueType.POSITIVE_MILLIS,
      "An idle SSE stream writes a comment this often, so proxies keep the connection open."),
  CONSUMER_MAX_INSTANCES(
      "consumer.max.instances",
      "1000",
      ValueType.POSITIVE_LONG,
      "Most consumer instances the gateway holds at once; more are refused with 42901."),
  PRODUCER_REQUEST_TIMEOUT_MS(
      "producer.request.timeout.ms",
      "30000",
      ValueType.POSITIVE_MILLIS,
      "How long a produce request waits for Kafka to acknowledge its records before a 503."),
  SCHEMA_REGISTRY_URL(
      "schema.registry.url",
      "",
      ValueType.URL_LIST,
      "Schema registry (Confluent Schema Registry API: Confluent, Karapace, Apicurio ccompat) for"
          + " the avro, jsonschema and protobuf formats; several comma-separated URLs are tried in"
          + " order; empty turns those formats off."),
  SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO(
      "schema.registry.basic.auth.user.info",
      "",
      ValueType.TEXT,
      "user:password sent to the schema registry with HTTP Basic; empty sends no credentials."),
  SCHEMA_REGISTRY_SSL_TRUSTSTORE_LOCATION(
      "schema.registry.ssl.truststore.location",
      "",
      ValueType.TEXT,
      "PKCS#12 truststore with the CA certificates of an https schema registry; empty trusts the"
          + " JDK's CAs."),
  SCHEMA_REGISTRY_SSL_TRUSTSTORE_PASSWORD(
      "schema.registry.ssl.truststore.password",
      "",
      ValueType.TEXT,
      "Password of schema.registry.ssl.truststore.location."),
  SCHEMA_REGISTRY_REQUEST_TIMEOUT_MS(
      "schema.registry.request.timeout.ms",
      "5000",
      ValueType.POSITIVE_MILLIS,
      "How long one schema registry URL may take to answer before the next is tried; when none"
          + " answers, requests that need a schema are answered 503."),
  SCHEMA_REGISTRY_CACHE_MAX_SCHEMAS(
      "schema.registry.cache.max.schemas",
      "1000",
      ValueType.POSITIVE_LONG,
      "Parsed schemas kept in memory by id; a record whose schema was evicted is looked up again."),
  EMBEDDED_KAFKA_PORT(
      "embedded.kafka.port",
      "9092",
      ValueType.PORT,
      "Port of the embedded broker started when kafka.bootstrap.servers is empty."),
  EMBEDDED_KAFKA_DIR(
      "embedded.kafka.dir",
      "",
      ValueType.TEXT,
      "Data directory of the embedded broker; empty means a fresh temporary directory."),
  SHUTDOWN_TIMEOUT_MS(
      "shutdown.timeout.ms",
      "30000",
      ValueType.POSITIVE_MILLIS,
      "On SIGTERM, how long in-flight requests and closing consumers may take in all."),
  LOG_FORMAT(
      "log.format", "text", ValueType.LOG_FORMAT, "Log lines as readable text or as JSON (json)."),
  METRICS_KAFKA_CLIENTS(
      "metrics.kafka.clients",
      "false",
      ValueType.BOOLEAN,
      "Publish each consumer's own Kafka client metrics on /metrics: ~150 series per instance, and"
          + " binding them slows creating instances as they add up."),
  METRICS_GROUP_LAG_INTERVAL_MS(
      "metrics.group.lag.interval.ms",
      "30000",
      ValueType.POSITIVE_MILLIS,
      "How often sluice_group_lag is measured from the groups' committed offsets."),
  METRICS_GROUP_LAG_MAX_GROUPS(
      "metrics.group.lag.max.groups",
      "100",
      ValueType.POSITIVE_LONG,
      "At most this many groups (with instances here) get sluice_group_lag series."),
  EMBEDDED_DEMO(
      "embedded.demo",
      "true",
      ValueType.BOOLEAN,
      "With the embedded broker, create the user-events topic (with sample events) and an empty"
          + " orders topic to produce to.");

  private final String key;
  private final String defaultValue;
  private final ValueType type;
  private final String description;

  ConfigKey(String key, String defaultValue, ValueType type, String description) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.type = type;
    this.description = description;
  }

  public String key() {
    return key;
  }

  public String defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }

  ValueType type() {
    return type;
  }

  /** {@code a.b-c} becomes {@code SLUICE_A_B_C}. */
  public static String environmentName(String key) {
    return "SLUICE_" + key.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
  }

  public String environmentName() {
    return environmentName(key);
  }

  static Optional<ConfigKey> byKey(String key) {
    return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
  }
}
