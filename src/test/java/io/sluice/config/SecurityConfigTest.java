package io.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.config.SecuritySettings.AuthMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Security settings that cannot work stop the start, and the message names the key. */
class SecurityConfigTest {
  @TempDir Path dir;
  private Path usersFile;
  private Path jwksFile;
  private Path keystore;
  private Path truststore;

  @BeforeEach
  void files() throws IOException {
    usersFile = Files.writeString(dir.resolve("users.txt"), "");
    jwksFile = Files.writeString(dir.resolve("jwks.json"), "{\"keys\":[]}");
    // Only their presence is checked at resolve time; Jetty reads them when it starts.
    keystore = Files.write(dir.resolve("server.p12"), new byte[] {1});
    truststore = Files.write(dir.resolve("truststore.p12"), new byte[] {1});
  }

  @Test
  void basicWithoutAUsersFileIsRefused() {
    assertRefused(Map.of("auth.mode", "basic"), "auth.basic.users.file");
  }

  @Test
  void aUsersFileThatDoesNotExistIsRefused() {
    String missing = dir.resolve("no-such-users.txt").toString();

    assertRefused(
        Map.of("auth.mode", "basic", "auth.basic.users.file", missing), "auth.basic.users.file");
  }

  @ParameterizedTest
  @ValueSource(strings = {"auth.bearer.jwks", "auth.bearer.issuer", "auth.bearer.audience"})
  void bearerWithoutEachOfJwksIssuerAndAudienceIsRefused(String missing) {
    Map<String, String> settings = bearer();
    settings.remove(missing);

    assertRefused(settings, missing);
  }

  @Test
  void bearerWithJwksIssuerAndAudienceResolves() {
    SecuritySettings security = ConfigLoader.resolve(bearer()).security();

    assertThat(security.mode()).isEqualTo(AuthMode.BEARER);
    assertThat(security.principalClaim()).isEqualTo("sub");
    assertThat(security.clockSkew()).isEqualTo(Duration.ofMinutes(1));
  }

  @ParameterizedTest
  @ValueSource(strings = {"none"})
  void mtlsWithoutAskingForClientCertificatesIsRefused(String clientAuth) {
    assertRefused(
        Map.of(
            "auth.mode",
            "mtls",
            "http.tls.keystore.path",
            keystore.toString(),
            "http.tls.truststore.path",
            truststore.toString(),
            "http.tls.client.auth",
            clientAuth),
        "http.tls.client.auth");
  }

  @Test
  void mtlsWithClientAuthWantIsAcceptedSoHealthChecksNeedNoCertificate() {
    SecuritySettings security =
        ConfigLoader.resolve(
                Map.of(
                    "auth.mode",
                    "mtls",
                    "http.tls.keystore.path",
                    keystore.toString(),
                    "http.tls.truststore.path",
                    truststore.toString(),
                    "http.tls.client.auth",
                    "want"))
            .security();

    assertThat(security.mode()).isEqualTo(AuthMode.MTLS);
    assertThat(security.tls().orElseThrow().clientAuth())
        .isEqualTo(SecuritySettings.ClientAuth.WANT);
  }

  @Test
  void mtlsWithoutHttpsIsRefused() {
    assertRefused(Map.of("auth.mode", "mtls"), "http.tls.client.auth");
  }

  @Test
  void clientAuthNeedWithoutATruststoreIsRefused() {
    assertRefused(
        Map.of("http.tls.keystore.path", keystore.toString(), "http.tls.client.auth", "need"),
        "http.tls.truststore.path");
  }

  @Test
  void clientAuthWithoutAKeystoreIsRefused() {
    assertRefused(
        Map.of("http.tls.truststore.path", truststore.toString(), "http.tls.client.auth", "need"),
        "http.tls.keystore.path");
  }

  @ParameterizedTest
  @ValueSource(strings = {"kerberos", "BASIC", ""})
  void anUnknownAuthModeIsRefused(String mode) {
    assertRefused(Map.of("auth.mode", mode), "auth.mode");
  }

  @Test
  void aClockSkewOverFiveMinutesIsRefused() {
    Map<String, String> settings = bearer();
    settings.put("auth.bearer.clock.skew.ms", "300001");

    assertRefused(settings, "auth.bearer.clock.skew.ms");
  }

  @Test
  void aClockSkewOfFiveMinutesResolves() {
    Map<String, String> settings = bearer();
    settings.put("auth.bearer.clock.skew.ms", "300000");

    assertThat(ConfigLoader.resolve(settings).security().clockSkew())
        .isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void kafkaPassthroughWithBearerIsRefused() {
    Map<String, String> settings = bearer();
    settings.put("auth.kafka.passthrough", "true");

    assertRefused(settings, "auth.kafka.passthrough");
  }

  @Test
  void kafkaPassthroughOverAListenerWithoutSaslIsRefused() {
    Map<String, String> settings = new HashMap<>();
    settings.put("auth.mode", "basic");
    settings.put("auth.basic.users.file", usersFile.toString());
    settings.put("auth.kafka.passthrough", "true");

    assertRefused(settings, "auth.kafka.passthrough");
    settings.put("kafka.security.protocol", "SSL");
    assertRefused(settings, "auth.kafka.passthrough");
  }

  @Test
  void effectiveSettingsHideTheTlsPasswords() {
    String secret = "keystore-secret-42";

    Map<String, String> effective =
        ConfigLoader.effective(
            Optional.empty(),
            Map.of(
                "SLUICE_HTTP_TLS_KEYSTORE_PATH",
                keystore.toString(),
                "SLUICE_HTTP_TLS_KEYSTORE_PASSWORD",
                secret,
                "SLUICE_HTTP_TLS_TRUSTSTORE_PATH",
                truststore.toString(),
                "SLUICE_HTTP_TLS_TRUSTSTORE_PASSWORD",
                secret,
                "SLUICE_HTTP_TLS_CLIENT_AUTH",
                "need"));

    assertThat(effective)
        .containsEntry("http.tls.keystore.password", "[hidden]")
        .containsEntry("http.tls.truststore.password", "[hidden]")
        .containsEntry("http.tls.keystore.path", keystore.toString());
    assertThat(effective.values()).doesNotContain(secret);
  }

  @Test
  void tlsSettingsNeverShowTheirPasswords() {
    Map<String, String> settings = new HashMap<>();
    settings.put("http.tls.keystore.path", keystore.toString());
    settings.put("http.tls.keystore.password", "keystore-secret-42");

    SecuritySettings security = ConfigLoader.resolve(settings).security();

    assertThat(security.tls()).isPresent();
    assertThat(security.toString()).doesNotContain("keystore-secret-42");
  }

  private Map<String, String> bearer() {
    Map<String, String> settings = new HashMap<>();
    settings.put("auth.mode", "bearer");
    settings.put("auth.bearer.jwks", jwksFile.toString());
    settings.put("auth.bearer.issuer", "https://issuer.example.com");
    settings.put("auth.bearer.audience", "sluice");
    return settings;
  }

  private static void assertRefused(Map<String, String> settings, String key) {
    assertThatThrownBy(() -> ConfigLoader.resolve(settings))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("Invalid configuration: " + key + "=");
  }
}
