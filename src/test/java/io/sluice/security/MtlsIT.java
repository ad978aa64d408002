package io.sluice.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.restassured.path.json.JsonPath;
import io.sluice.support.Names;
import io.sluice.support.RawHttp;
import io.sluice.support.TestGateway;
import io.sluice.support.TestPki;
import io.sluice.support.UsersFile;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HTTPS with {@code auth.mode=mtls}: only clients with a certificate of the CA get an answer, the
 * certificate's subject is the principal, and nothing older than TLS 1.2 is spoken.
 */
class MtlsIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static TestPki pki;
  private static TestGateway gateway;
  private static HttpClient orders;
  private static HttpClient billing;

  @BeforeAll
  static void start() throws IOException {
    pki = TestPki.create();
    Path rules = Files.createTempFile("sluice-mtls-rules-", ".json");
    rules.toFile().deleteOnExit();
    // The subject, as the principal, names the rule: only orders may use the orders-* groups.
    Files.writeString(
        rules,
        "{\"*\": {\"consume\": {\"groups\": [\"mtls-*\"], \"topics\": [\"*\"]}},"
            + " \""
            + pki.subject("orders")
            + "\": {\"consume\": {\"groups\": [\"orders-*\"]}}}");
    gateway =
        TestGateway.start(
            Map.of(
                "http.tls.keystore.path", pki.serverKeystore().toString(),
                "http.tls.keystore.password", pki.password(),
                "http.tls.client.auth", "need",
                "http.tls.truststore.path", pki.truststore().toString(),
                "http.tls.truststore.password", pki.password(),
                "auth.mode", "mtls",
                "auth.rules.file", rules.toString()));
    orders = client(pki.clientContext(pki.clientKeystore("orders")));
    billing = client(pki.clientContext(pki.clientKeystore("billing")));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void aClientWithACertificateOfTheCaIsServedOverHttps() throws Exception {
    HttpResponse<String> brokers = send(orders, gateway, "GET", "/brokers", null);
    HttpResponse<String> health = send(orders, gateway, "GET", "/health/ready", null);

    assertThat(brokers.statusCode()).isEqualTo(200);
    assertThat(brokers.uri().getScheme()).isEqualTo("https");
    assertThat(health.statusCode()).isEqualTo(200);
  }

  @Test
  void theInstanceBelongsToTheCertificateSubjectAndHasAnHttpsBaseUri() throws Exception {
    String group = Names.unique("mtls-owned");

    HttpResponse<String> created = send(orders, gateway, "POST", "/consumers/" + group, "{}");
    String baseUri = JsonPath.from(created.body()).getString("base_uri");
    String path = baseUri.substring(baseUri.indexOf("/consumers/"));
    String id = JsonPath.from(created.body()).getString("instance_id");

    assertThat(created.statusCode()).isEqualTo(200);
    assertThat(baseUri).startsWith("https://");
    HttpResponse<String> stolen = send(billing, gateway, "GET", path + "/subscription", null);
    assertThat(stolen.statusCode()).isEqualTo(403);
    assertThat(JsonPath.from(stolen.body()).getInt("error_code")).isEqualTo(40301);
    assertThat(send(billing, gateway, "DELETE", path, null).statusCode()).isEqualTo(403);
    assertThat(instanceIds(orders, group)).containsExactly(id);
    assertThat(instanceIds(billing, group)).isEmpty();
    assertThat(send(orders, gateway, "DELETE", path, null).statusCode()).isEqualTo(204);
  }

  @Test
  void theRulesFileNamesPrincipalsByTheirCertificateSubject() throws Exception {
    String group = Names.unique("orders-only");

    HttpResponse<String> refused = send(billing, gateway, "POST", "/consumers/" + group, "{}");
    HttpResponse<String> created = send(orders, gateway, "POST", "/consumers/" + group, "{}");

    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(JsonPath.from(refused.body()).getString("message"))
        .startsWith(pki.subject("billing") + " may not consume as consumer group " + group);
    assertThat(pki.subject("billing")).isEqualTo("CN=billing,O=Sluice Tests");
    assertThat(created.statusCode()).isEqualTo(200);
    String baseUri = JsonPath.from(created.body()).getString("base_uri");
    assertThat(
            send(orders, gateway, "DELETE", baseUri.substring(baseUri.indexOf("/consumers/")), null)
                .statusCode())
        .isEqualTo(204);
  }

  @Test
  void aClientWithoutACertificateGetsNoAnswer() {
    HttpClient anonymous = client(pki.clientContext());

    assertThatThrownBy(() -> send(anonymous, gateway, "GET", "/brokers", null))
        .isInstanceOf(IOException.class);
  }

  @Test
  void aClientWithASelfSignedCertificateGetsNoAnswer() {
    HttpClient impostor = client(pki.clientContext(pki.untrustedClientKeystore("orders")));

    assertThatThrownBy(() -> send(impostor, gateway, "GET", "/brokers", null))
        .isInstanceOf(IOException.class);
  }

  @Test
  void tls12AndTls13ClientsConnect() throws Exception {
    SSLContext context = pki.clientContext(pki.clientKeystore("orders"));

    HttpResponse<String> tls12 =
        send(client(context, "TLSv1.2"), gateway, "GET", "/health/live", null);
    HttpResponse<String> tls13 =
        send(client(context, "TLSv1.3"), gateway, "GET", "/health/live", null);

    assertThat(tls12.statusCode()).isEqualTo(200);
    assertThat(tls12.sslSession().orElseThrow().getProtocol()).isEqualTo("TLSv1.2");
    assertThat(tls13.statusCode()).isEqualTo(200);
    assertThat(tls13.sslSession().orElseThrow().getProtocol()).isEqualTo("TLSv1.3");
  }

  /** The JDK's client refuses TLS 1.1 itself; {@link #theServerRefusesATls11Hello} asks Jetty. */
  @Test
  void aClientLimitedToTls11CannotConnect() {
    HttpClient old = client(pki.clientContext(pki.clientKeystore("orders")), "TLSv1.1");

    assertThatThrownBy(() -> send(old, gateway, "GET", "/health/live", null))
        .isInstanceOf(IOException.class);
  }

  @Test
  void theServerRefusesATls11Hello() throws IOException {
    try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
      socket.setSoTimeout((int) TIMEOUT.toMillis());
      socket.getOutputStream().write(tls11ClientHello());
      socket.getOutputStream().flush();

      DataInputStream in = new DataInputStream(socket.getInputStream());
      int contentType = in.readUnsignedByte();
      in.readUnsignedShort();
      int length = in.readUnsignedShort();
      byte[] fragment = new byte[length];
      in.readFully(fragment);

      // An alert (21) rather than a handshake record carrying a ServerHello (22).
      assertThat(contentType).isEqualTo(21);
      assertThat(fragment).hasSize(2);
      assertThat(fragment[0]).as("alert level fatal").isEqualTo((byte) 2);
      assertThat(fragment[1]).as("alert protocol_version").isEqualTo((byte) 70);
    }
  }

  @Test
  void plainHttpToTheTlsPortIsAnsweredWithATlsAlertNotHttp() throws IOException {
    byte[] request =
        RawHttp.request("GET", "/health/live", "127.0.0.1:" + gateway.port(), Map.of(), null);
    try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
      socket.setSoTimeout((int) TIMEOUT.toMillis());
      socket.getOutputStream().write(request);
      socket.getOutputStream().flush();

      byte[] answer = socket.getInputStream().readAllBytes();

      assertThat(new String(answer, StandardCharsets.ISO_8859_1)).doesNotStartWith("HTTP/");
      assertThat(answer[0]).as("a TLS alert record").isEqualTo((byte) 21);
    }
  }

  @Test
  void basicAuthenticationOverHttpsNeedsNoClientCertificate() throws Exception {
    UsersFile users = UsersFile.of(Map.of("alice", "alice-password"));
    try (TestGateway basic =
        TestGateway.start(
            Map.of(
                "http.tls.keystore.path", pki.serverKeystore().toString(),
                "http.tls.keystore.password", pki.password(),
                "auth.mode", "basic",
                "auth.basic.users.file", users.path().toString()))) {
      HttpClient trusting = client(pki.clientContext());
      String alice =
          "Basic "
              + Base64.getEncoder()
                  .encodeToString("alice:alice-password".getBytes(StandardCharsets.UTF_8));

      HttpResponse<String> health = send(trusting, basic, "GET", "/health/live", null);
      HttpResponse<String> anonymous = send(trusting, basic, "GET", "/brokers", null);
      HttpResponse<String> served =
          trusting.send(
              request(basic, "GET", "/brokers", null).header("Authorization", alice).build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
          .contains("Basic realm=\"sluice\", charset=\"UTF-8\"");
      assertThat(served.statusCode()).isEqualTo(200);
      assertThat(served.sslSession()).isPresent();
    }
  }

  private static List<String> instanceIds(HttpClient client, String group) throws Exception {
    HttpResponse<String> listing =
        send(client, gateway, "GET", "/consumers/" + group + "/instances", null);
    assertThat(listing.statusCode()).isEqualTo(200);
    return JsonPath.from(listing.body()).getList("instances.instance_id", String.class);
  }

  private static HttpClient client(SSLContext context, String... protocols) {
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT)
            .sslContext(context);
    if (protocols.length > 0) {
      SSLParameters parameters = context.getDefaultSSLParameters();
      parameters.setProtocols(protocols);
      builder.sslParameters(parameters);
    }
    return builder.build();
  }

  private static HttpResponse<String> send(
      HttpClient client, TestGateway target, String method, String path, String body)
      throws IOException, InterruptedException {
    return client.send(
        request(target, method, path, body).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.Builder request(
      TestGateway target, String method, String path, String body) {
    return HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + target.port() + path))
        .timeout(TIMEOUT)
        .header("Content-Type", TestGateway.V2)
        .header("Accept", TestGateway.V2)
        .method(
            method,
            body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
  }

  /**
   * A TLS 1.1 ClientHello as an old client sends it: record and hello version 3.2, no
   * supported_versions extension, RSA key exchange with AES-CBC suites.
   */
  private static byte[] tls11ClientHello() {
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    byte[] suites = {0x00, 0x2f, 0x00, 0x35, 0x00, 0x0a};
    int helloLength = 2 + random.length + 1 + 2 + suites.length + 2;
    int recordLength = 4 + helloLength;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {0x16, 0x03, 0x02, (byte) (recordLength >> 8), (byte) recordLength});
    out.writeBytes(
        new byte[] {0x01, 0x00, (byte) (helloLength >> 8), (byte) helloLength, 0x03, 0x02});
    out.writeBytes(random);
    out.write(0); // no session id
    out.writeBytes(new byte[] {0x00, (byte) suites.length});
    out.writeBytes(suites);
    out.writeBytes(new byte[] {0x01, 0x00}); // compression: null only
    return out.toByteArray();
  }
}
