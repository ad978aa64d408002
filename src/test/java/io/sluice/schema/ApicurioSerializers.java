package io.sluice.schema;

import com.google.protobuf.Message;
import io.apicurio.registry.client.common.HttpAdapterType;
import io.apicurio.registry.serde.Default4ByteIdHandler;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.apicurio.registry.serde.config.IdOption;
import io.apicurio.registry.serde.config.SerdeConfig;
import io.apicurio.registry.serde.kafka.config.KafkaSerdeConfig;
import io.apicurio.registry.serde.protobuf.ProtobufKafkaSerializer;
import io.sluice.support.TestRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Apicurio Registry's own Kafka serializers, an implementation independent of Sluice's, set to
 * write what Confluent's serializers write: magic byte 0 and a 4-byte schema id in the payload, no
 * headers, and for Protobuf Confluent's message indexes in place of Apicurio's type reference. The
 * id is the schema's content id, which is the id of Apicurio's Confluent-compatible API ({@code
 * /schemas/ids/{id}}). Schemas are registered on first use through Apicurio's REST API v3, under
 * the artifact {@code <topic>-key} or {@code <topic>-value} (which the Confluent API calls the
 * subject).
 */
final class ApicurioSerializers {
  private static final Path JSON_SCHEMA_SERDE = Path.of("target", "apicurio-jsonschema-serde");

  private ApicurioSerializers() {}

  static Serializer<Object> avro(boolean isKey) {
    return configured(new AvroKafkaSerializer<>(), confluentCompatible(), isKey);
  }

  static Serializer<Message> protobuf(boolean isKey) {
    Map<String, Object> config = confluentCompatible();
    config.put(SerdeConfig.SEND_TYPE_REF, false);
    config.put(SerdeConfig.SEND_INDEXES, true);
    // Its check against the registered schema looks a nested type up among the top-level ones, and
    // refuses to write it.
    config.put(SerdeConfig.VALIDATION_ENABLED, false);
    return configured(new ProtobufKafkaSerializer<>(), config, isKey);
  }

  /**
   * Apicurio's JSON Schema serializer with the schema in this classpath resource; it writes objects
   * as Jackson does, without validating them.
   *
   * <p>It is built on json-schema-validator 1.5, and the gateway on 2.0: the same artifact with
   * another API, so only one can be on a class path. The build copies the serializer's jars with
   * 1.5 to {@code target/apicurio-jsonschema-serde}, and they are loaded here in a class loader of
   * their own that asks the tests' class path for everything else (Kafka, Jackson, Apicurio's
   * common serde).
   */
  @SuppressWarnings("unchecked")
  static Serializer<Object> jsonSchema(boolean isKey, String schemaResource) {
    Map<String, Object> config = confluentCompatible();
    config.put(SerdeConfig.SCHEMA_LOCATION, schemaResource);
    config.put(SerdeConfig.VALIDATION_ENABLED, false);
    ClassLoader isolated = new JsonSchemaSerdeLoader(jars(JSON_SCHEMA_SERDE));
    try {
      Object serializer =
          isolated
              .loadClass("io.apicurio.registry.serde.jsonschema.JsonSchemaKafkaSerializer")
              .getConstructor()
              .newInstance();
      return configured((Serializer<Object>) serializer, config, isKey);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot load Apicurio's JSON Schema serializer", e);
    }
  }

  private static Map<String, Object> confluentCompatible() {
    Map<String, Object> config = new HashMap<>();
    config.put(SerdeConfig.REGISTRY_URL, TestRegistry.apicurioApiUrl());
    config.put(SerdeConfig.AUTO_REGISTER_ARTIFACT, true);
    // The id in the payload, not in Kafka headers (Apicurio's own convention).
    config.put(KafkaSerdeConfig.ENABLE_HEADERS, false);
    // Four bytes, as Confluent's (Legacy8ByteIdHandler writes eight), and the content id: the one
    // Apicurio's Confluent-compatible API answers /schemas/ids/{id} with. Both are 3.x's defaults.
    config.put(SerdeConfig.ID_HANDLER, Default4ByteIdHandler.class.getName());
    config.put(SerdeConfig.USE_ID, IdOption.contentId.name());
    // The JDK's HttpClient, not a Vert.x event loop, for the serializers' registry client.
    config.put(SerdeConfig.HTTP_ADAPTER, HttpAdapterType.JDK.name());
    return config;
  }

  private static <T> Serializer<T> configured(
      Serializer<T> serializer, Map<String, Object> config, boolean isKey) {
    serializer.configure(config, isKey);
    return serializer;
  }

  private static URL[] jars(Path directory) {
    try (Stream<Path> files = Files.list(directory)) {
      List<Path> jars = files.filter(f -> f.toString().endsWith(".jar")).toList();
      if (jars.size() != 3) {
        throw new IllegalStateException(
            directory + " holds " + jars + ", not the three jars the build copies there");
      }
      URL[] urls = new URL[jars.size()];
      for (int i = 0; i < urls.length; i++) {
        urls[i] = jars.get(i).toUri().toURL();
      }
      return urls;
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(
          directory + " is missing: run mvn verify (pre-integration-test copies it)", e);
    }
  }

  /**
   * Child-first for json-schema-validator and Apicurio's JSON Schema serde, parent-first for the
   * rest, so that the serializer shares the Kafka and Apicurio types its caller uses.
   */
  private static final class JsonSchemaSerdeLoader extends URLClassLoader {
    private static final List<String> OWN =
        List.of("com.networknt.", "io.apicurio.registry.serde.jsonschema.");

    static {
      registerAsParallelCapable();
    }

    JsonSchemaSerdeLoader(URL[] jars) {
      super("apicurio-jsonschema-serde", jars, ApicurioSerializers.class.getClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (OWN.stream().noneMatch(name::startsWith)) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> loaded = findLoadedClass(name);
        if (loaded == null) {
          loaded = findClass(name);
        }
        if (resolve) {
          resolveClass(loaded);
        }
        return loaded;
      }
    }

    @Override
    public URL getResource(String name) {
      URL own = findResource(name);
      return own != null ? own : super.getResource(name);
    }
  }
}
