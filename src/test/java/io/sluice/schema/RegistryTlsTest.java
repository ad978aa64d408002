package io.sluice.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.config.SchemaRegistrySettings;
import io.sluice.config.SchemaRegistrySettings.Truststore;
import io.sluice.support.TestPki;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryTlsTest {
  private static TestPki pki;
  private static FakeRegistry registry;

  @TempDir Path dir;

  @BeforeAll
  static void start() throws IOException, GeneralSecurityException {
    pki = TestPki.create();
    registry = new FakeRegistry(serverContext());
    registry.schema(1, null, SchemaRegistryClientTest.USER);
  }

  @AfterAll
  static void stop() {
    registry.close();
  }

  private static SSLContext serverContext() throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = new FileInputStream(pki.serverKeystore().toFile())) {
      store.load(in, pki.password().toCharArray());
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, pki.password().toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    return context;
  }

  private static SchemaRegistrySettings settings(Optional<Truststore> truststore) {
    return new SchemaRegistrySettings(
        List.of(registry.url()), Optional.empty(), truststore, Duration.ofSeconds(5), 10);
  }

  @Test
  void httpsRegistrySignedByTheConfiguredCaIsTrusted() {
    SchemaRegistryClient client =
        new SchemaRegistryClient(
            settings(Optional.of(new Truststore(pki.truststore(), pki.password()))),
            new SimpleMeterRegistry());

    assertThat(client.schema(1).join().id()).isEqualTo(1);
  }

  @Test
  void httpsRegistryOfAnUnknownCaIsUnavailable() {
    SchemaRegistryClient client =
        new SchemaRegistryClient(settings(Optional.empty()), new SimpleMeterRegistry());

    SchemaException e = SchemaRegistryClientTest.failure(client.schema(1));

    assertThat(e.kind()).isEqualTo(SchemaException.Kind.REGISTRY_UNAVAILABLE);
    assertThat(e).hasMessageContaining(registry.url() + " failed the TLS handshake");
  }

  @Test
  void truststoreThatCannotBeReadFailsAtOnceNamingTheSetting() throws IOException {
    Path garbage = Files.writeString(dir.resolve("garbage.p12"), "not a keystore");

    assertThatThrownBy(
            () ->
                new SchemaRegistryClient(
                    settings(Optional.of(new Truststore(garbage, "changeit"))),
                    new SimpleMeterRegistry()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("schema.registry.ssl.truststore.location")
        .hasMessageNotContaining("changeit");
  }
}
