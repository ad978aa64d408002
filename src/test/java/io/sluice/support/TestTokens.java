package io.sluice.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;

/**
 * A throwaway JWT issuer for tests: one RSA 2048 signing key with a key id, its public JWK set (as
 * JSON, as a temporary file, and on demand over HTTP), and tokens both good and deliberately bad.
 * Good tokens are RS256 with {@code kid}, {@code iss}, {@code aud}, {@code sub}, {@code iat}, a
 * {@code exp} ten minutes on and a random {@code jti}.
 *
 * <p>Threading: thread-safe. Failure: a signing or I/O failure is an unchecked exception. {@link
 * #close} stops the JWKS server, if started; it is idempotent.
 */
public final class TestTokens implements AutoCloseable {
  private static final Duration LIFETIME = Duration.ofMinutes(10);
  private static final String JWKS_PATH = "/jwks.json";

  private final String issuer;
  private final String audience;
  private final RSAKey key;
  private final String jwksJson;
  private final Path jwksFile;
  private RSAKey impostorKey;
  private HttpServer server;

  private TestTokens(String issuer, String audience, RSAKey key, Path jwksFile) {
    this.issuer = issuer;
    this.audience = audience;
    this.key = key;
    this.jwksJson = new JWKSet(key.toPublicJWK()).toString();
    this.jwksFile = jwksFile;
  }

  /** A new signing key, whose public JWK set is written to a file in a new temporary directory. */
  public static TestTokens create(String issuer, String audience) {
    RSAKey key = generate(UUID.randomUUID().toString());
    try {
      Path dir = Files.createTempDirectory("sluice-jwks-");
      dir.toFile().deleteOnExit();
      Path file = dir.resolve("jwks.json");
      file.toFile().deleteOnExit();
      TestTokens tokens = new TestTokens(issuer, audience, key, file);
      Files.writeString(file, tokens.jwksJson, StandardCharsets.UTF_8);
      return tokens;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the JWK set", e);
    }
  }

  /** A file holding {@link #jwksJson()}. */
  public Path jwksFile() {
    return jwksFile;
  }

  /** The public JWK set, {@code {"keys":[{"kty":"RSA","kid":…,"use":"sig","alg":"RS256",…}]}}. */
  public String jwksJson() {
    return jwksJson;
  }

  /** The key id of the signing key, also the {@code kid} of every signed token. */
  public String keyId() {
    return key.getKeyID();
  }

  /** A good token for {@code subject}. */
  public String token(String subject) {
    return token(claims(subject).build());
  }

  /** Exactly {@code claims}, RS256-signed with the key of the JWK set. */
  public String token(JWTClaimsSet claims) {
    return sign(claims, key);
  }

  /** The claims of {@link #token(String)}, to change before {@link #token(JWTClaimsSet)}. */
  public JWTClaimsSet.Builder claims(String subject) {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .issuer(issuer)
        .audience(audience)
        .subject(subject)
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(LIFETIME)))
        .jwtID(UUID.randomUUID().toString());
  }

  /** Good claims and the right {@code kid}, but signed by another RSA key. */
  public synchronized String tokenFromAnotherKey(String subject) {
    if (impostorKey == null) {
      impostorKey = generate(key.getKeyID());
    }
    return sign(claims(subject).build(), impostorKey);
  }

  /** Good claims, unsigned: header {@code {"alg":"none"}} and an empty signature part. */
  public String unsignedToken(String subject) {
    return new PlainJWT(claims(subject).build()).serialize();
  }

  /**
   * Good claims and the right {@code kid}, HS256-signed with the public key's PEM text as the
   * secret: what a verifier that lets the token pick the algorithm would accept.
   */
  public String hmacToken(String subject) {
    try {
      String pem =
          "-----BEGIN PUBLIC KEY-----\n"
              + Base64.getMimeEncoder(64, new byte[] {'\n'})
                  .encodeToString(key.toRSAPublicKey().getEncoded())
              + "\n-----END PUBLIC KEY-----\n";
      SignedJWT jwt = new SignedJWT(header(JWSAlgorithm.HS256), claims(subject).build());
      jwt.sign(new MACSigner(pem.getBytes(StandardCharsets.US_ASCII)));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException("Cannot sign an HS256 token", e);
    }
  }

  /**
   * Serves {@link #jwksJson()} at {@code GET http://127.0.0.1:PORT/jwks.json} from a JDK HTTP
   * server on a free port, started on the first call; answers its URL.
   */
  public synchronized URI serveJwks() {
    if (server == null) {
      try {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot start the JWKS server", e);
      }
      server.createContext(JWKS_PATH, this::answer);
      server.start();
    }
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + JWKS_PATH);
  }

  @Override
  public synchronized void close() {
    if (server != null) {
      server.stop(0);
      server = null;
    }
  }

  private void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestURI().getPath().equals(JWKS_PATH)) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      if (!exchange.getRequestMethod().equals("GET")) {
        exchange.getResponseHeaders().set("Allow", "GET");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] body = jwksJson.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private String sign(JWTClaimsSet claims, RSAKey signingKey) {
    try {
      SignedJWT jwt = new SignedJWT(header(JWSAlgorithm.RS256), claims);
      JWSSigner signer = new RSASSASigner(signingKey);
      jwt.sign(signer);
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException("Cannot sign a token", e);
    }
  }

  private JWSHeader header(JWSAlgorithm algorithm) {
    return new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build();
  }

  private static RSAKey generate(String keyId) {
    try {
      return new RSAKeyGenerator(2048)
          .keyID(keyId)
          .keyUse(KeyUse.SIGNATURE)
          .algorithm(JWSAlgorithm.RS256)
          .generate();
    } catch (JOSEException e) {
      throw new IllegalStateException("Cannot generate an RSA key", e);
    }
  }
}
