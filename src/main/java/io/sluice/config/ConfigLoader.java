package io.sluice.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds {@link Settings} from built-in defaults, then a properties file, then environment
 * variables ({@code SLUICE_A_B_C} for key {@code a.b.c}), each overriding the one before.
 */
public final class ConfigLoader {
  static final String KAFKA_PREFIX = "kafka.";
  static final String CONSUMER_PREFIX = "kafka.consumer.";
  static final String PRODUCER_PREFIX = "kafka.producer.";
  private static final String ENV_PREFIX = "SLUICE_";
  private static final Logger log = LoggerFactory.getLogger(ConfigLoader.class);

  /** Consumer settings each instance owns; a gateway-wide value would break the design. */
  private static final Set<String> MANAGED_BY_SLUICE =
      Set.of(
          ConsumerConfig.GROUP_ID_CONFIG,
          ConsumerConfig.GROUP_INSTANCE_ID_CONFIG,
          ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
          ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
          ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
          ConsumerConfig.CLIENT_ID_CONFIG,
          ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
          ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);

  private ConfigLoader() {}

  /** Reads the optional properties file and the environment. */
  public static Settings load(Optional<Path> file, Map<String, String> environment) {
    Map<String, String> values = new TreeMap<>();
    file.ifPresent(path -> values.putAll(readFile(path)));
    values.putAll(fromEnvironment(environment));
    return resolve(values);
  }

  /** Validates explicit values (anything not given takes its default). */
  public static Settings resolve(Map<String, String> given) {
    Map<String, String> kafkaCommon = new TreeMap<>();
    Map<String, String> kafkaConsumer = new TreeMap<>();
    Map<String, String> kafkaProducer = new TreeMap<>();
    Map<String, String> own = new HashMap<>();
    given.forEach(
        (key, value) -> {
          if (ConfigKey.byKey(key).isPresent()) {
            own.put(key, value.trim());
          } else if (key.startsWith(CONSUMER_PREFIX)) {
            kafkaConsumer.put(
                kafkaKey(key, value, CONSUMER_PREFIX, ConsumerConfig.configNames()), value);
          } else if (key.startsWith(PRODUCER_PREFIX)) {
            kafkaProducer.put(
                kafkaKey(key, value, PRODUCER_PREFIX, ProducerConfig.configNames()), value);
          } else if (key.startsWith(KAFKA_PREFIX)) {
            kafkaCommon.put(kafkaKey(key, value, KAFKA_PREFIX, anyClientConfig()), value);
          } else {
            throw InvalidConfigException.of(
                key, value, "a known key (run with --help to list them)");
          }
        });
    Map<ConfigKey, String> v = new HashMap<>();
    for (ConfigKey key : ConfigKey.values()) {
      String value = own.getOrDefault(key.key(), key.defaultValue());
      String allowed = key.type().problem(value);
      if (allowed != null) {
        throw InvalidConfigException.of(key.key(), shown(key.key(), value), allowed);
      }
      v.put(key, value);
    }
    String bootstrap = v.get(ConfigKey.KAFKA_BOOTSTRAP_SERVERS);
    SecuritySettings security = SecurityConfig.resolve(v);
    requireSaslForPassthrough(security, kafkaCommon, v);
    return new Settings(
        v.get(ConfigKey.HTTP_HOST),
        Integer.parseInt(v.get(ConfigKey.HTTP_PORT)),
        optional(v.get(ConfigKey.HTTP_ADVERTISED_URL)).map(ConfigLoader::withoutTrailingSlash),
        Long.parseLong(v.get(ConfigKey.HTTP_REQUEST_MAX_BYTES)),
        Boolean.parseBoolean(v.get(ConfigKey.HTTP_COMPRESSION)),
        optional(bootstrap),
        kafkaCommon,
        kafkaConsumer,
        kafkaProducer,
        millis(v.get(ConfigKey.CONSUMER_INSTANCE_TIMEOUT_MS)),
        millis(v.get(ConfigKey.CONSUMER_INSTANCE_TIMEOUT_MAX_MS)),
        Boolean.parseBoolean(v.get(ConfigKey.CONSUMER_STATIC_MEMBERSHIP)),
        millis(v.get(ConfigKey.CONSUMER_REQUEST_TIMEOUT_MS)),
        millis(v.get(ConfigKey.CONSUMER_REQUEST_TIMEOUT_MAX_MS)),
        Long.parseLong(v.get(ConfigKey.CONSUMER_REQUEST_MAX_BYTES)),
        Long.parseLong(v.get(ConfigKey.CONSUMER_BUFFER_MAX_BYTES)),
        intValue(ConfigKey.CONSUMER_BUFFER_MAX_RECORDS, v),
        intValue(ConfigKey.CONSUMER_STREAM_MAX_UNCOMMITTED, v),
        intValue(ConfigKey.CONSUMER_STREAM_MAX_UNCOMMITTED_MAX, v),
        millis(v.get(ConfigKey.CONSUMER_STREAM_KEEPALIVE_MS)),
        intValue(ConfigKey.CONSUMER_MAX_INSTANCES, v),
        millis(v.get(ConfigKey.SHUTDOWN_TIMEOUT_MS)),
        millis(v.get(ConfigKey.PRODUCER_REQUEST_TIMEOUT_MS)),
        v.get(ConfigKey.LOG_FORMAT).equals("json"),
        Boolean.parseBoolean(v.get(ConfigKey.METRICS_KAFKA_CLIENTS)),
        millis(v.get(ConfigKey.METRICS_GROUP_LAG_INTERVAL_MS)),
        intValue(ConfigKey.METRICS_GROUP_LAG_MAX_GROUPS, v),
        Integer.parseInt(v.get(ConfigKey.EMBEDDED_KAFKA_PORT)),
        optional(v.get(ConfigKey.EMBEDDED_KAFKA_DIR)).map(Path::of),
        Boolean.parseBoolean(v.get(ConfigKey.EMBEDDED_DEMO)),
        security,
        SchemaRegistryConfig.resolve(v));
  }

  /**
   * Passed-through logins are SASL settings, which Kafka clients ignore on a PLAINTEXT or SSL
   * listener: every caller would act as the gateway while the operator trusts the cluster's ACLs.
   */
  private static void requireSaslForPassthrough(
      SecuritySettings security, Map<String, String> kafkaCommon, Map<ConfigKey, String> v) {
    String protocol = kafkaCommon.getOrDefault("security.protocol", "PLAINTEXT");
    if (security.kafkaPassthrough() && !protocol.toUpperCase(Locale.ROOT).startsWith("SASL_")) {
      throw InvalidConfigException.of(
          ConfigKey.AUTH_KAFKA_PASSTHROUGH.key(),
          v.get(ConfigKey.AUTH_KAFKA_PASSTHROUGH),
          "false unless kafka.security.protocol is SASL_PLAINTEXT or SASL_SSL (it is "
              + protocol
              + "): Kafka ignores passed-through logins otherwise");
    }
  }

  /**
   * Every setting in force, defaults included, sorted by key; values of Kafka secrets (any
   * PASSWORD-type client setting, such as {@code sasl.jaas.config}) are replaced by {@code
   * [hidden]}. Validates like {@link #load}.
   */
  public static Map<String, String> effective(
      Optional<Path> file, Map<String, String> environment) {
    Map<String, String> values = new TreeMap<>();
    for (ConfigKey key : ConfigKey.values()) {
      values.put(key.key(), key.defaultValue());
    }
    file.ifPresent(path -> values.putAll(readFile(path)));
    values.putAll(fromEnvironment(environment));
    resolve(values);
    values.replaceAll((key, value) -> isSecret(key) ? "[hidden]" : value);
    return values;
  }

  /** A refused value as the error may show it: no secret, no {@code user:password@} of a URL. */
  private static String shown(String key, String value) {
    return isSecret(key) ? "[hidden]" : value.replaceAll("//[^/@\\s]*@", "//[hidden]@");
  }

  private static boolean isSecret(String key) {
    if (key.endsWith(".password") || key.endsWith(".user.info")) {
      return true;
    }
    if (!key.startsWith(KAFKA_PREFIX)) {
      return false;
    }
    String kafkaKey =
        key.substring(
            key.startsWith(CONSUMER_PREFIX)
                ? CONSUMER_PREFIX.length()
                : key.startsWith(PRODUCER_PREFIX)
                    ? PRODUCER_PREFIX.length()
                    : KAFKA_PREFIX.length());
    for (ConfigDef def :
        List.of(
            ConsumerConfig.configDef(),
            ProducerConfig.configDef(),
            AdminClientConfig.configDef())) {
      ConfigDef.ConfigKey definition = def.configKeys().get(kafkaKey);
      if (definition != null && definition.type == ConfigDef.Type.PASSWORD) {
        return true;
      }
    }
    return false;
  }

  static Map<String, String> fromEnvironment(Map<String, String> environment) {
    Map<String, String> byEnvName = new HashMap<>();
    for (ConfigKey key : ConfigKey.values()) {
      byEnvName.put(key.environmentName(), key.key());
    }
    Map<String, String> values = new TreeMap<>();
    environment.forEach(
        (name, value) -> {
          if (byEnvName.containsKey(name)) {
            values.put(byEnvName.get(name), value);
          } else if (name.startsWith(ENV_PREFIX + "KAFKA_")) {
            // Kafka keys use dots only, so the reverse mapping is unambiguous.
            values.put(
                name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'),
                value);
          } else if (name.startsWith(ENV_PREFIX) && !name.startsWith(ENV_PREFIX + "TEST_")) {
            // SLUICE_TEST_* belong to the tests; anything else is most likely a typo.
            log.warn("Ignoring environment variable {}: no setting has that name", name);
          }
        });
    return values;
  }

  private static Map<String, String> readFile(Path path) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException e) {
      throw InvalidConfigException.of("--config", path.toString(), "a readable properties file");
    }
    Map<String, String> values = new TreeMap<>();
    properties.stringPropertyNames().forEach(k -> values.put(k, properties.getProperty(k)));
    return values;
  }

  private static String kafkaKey(String key, String value, String prefix, Set<String> known) {
    String kafkaKey = key.substring(prefix.length());
    if (MANAGED_BY_SLUICE.contains(kafkaKey)) {
      throw InvalidConfigException.of(
          key, value, "no value: Sluice sets " + kafkaKey + " itself for each consumer instance");
    }
    if (!known.contains(kafkaKey)) {
      throw InvalidConfigException.of(
          key, value, "a Kafka client setting after the " + prefix + " prefix");
    }
    return kafkaKey;
  }

  private static Set<String> anyClientConfig() {
    Set<String> names = new HashSet<>(ConsumerConfig.configNames());
    names.addAll(ProducerConfig.configNames());
    names.addAll(AdminClientConfig.configNames());
    return names;
  }

  static Optional<String> optional(String value) {
    return value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  private static String withoutTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private static Duration millis(String value) {
    return Duration.ofMillis(Long.parseLong(value));
  }

  private static int intValue(ConfigKey key, Map<ConfigKey, String> values) {
    long n = Long.parseLong(values.get(key));
    if (n > Integer.MAX_VALUE) {
      throw InvalidConfigException.of(key.key(), values.get(key), "at most " + Integer.MAX_VALUE);
    }
    return (int) n;
  }
}
