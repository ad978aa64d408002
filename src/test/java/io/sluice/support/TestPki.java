package io.sluice.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throwaway public key infrastructure for TLS tests, made at test time with the JDK's own {@code
 * keytool} in a fresh temporary directory (deleted when the JVM exits): a CA, a server certificate
 * for {@code localhost} and {@code 127.0.0.1}, and client certificates on demand. Every store is
 * PKCS#12 and opens with {@link #password()}; every certificate is valid from a day ago for a week.
 *
 * <p>Threading: thread-safe; methods that make a keystore block while {@code keytool} runs (about a
 * second each). Failure: a {@code keytool} run that fails or a store that does not hold what it
 * should is an {@link IllegalStateException} carrying keytool's output.
 */
public final class TestPki {
  private static final Path KEYTOOL = Path.of(System.getProperty("java.home"), "bin", "keytool");
  private static final String PASSWORD_ENV = "SLUICE_TEST_PKI_PASSWORD";
  private static final String ORGANIZATION = "O=Sluice Tests";
  // Names go into a keytool -dname unescaped, so nothing that X.500 would need to escape.
  private static final Pattern COMMON_NAME =
      Pattern.compile("[A-Za-z0-9]([A-Za-z0-9 ._@-]*[A-Za-z0-9._@-])?");
  private static final long KEYTOOL_TIMEOUT_SECONDS = 60;

  private final Path dir;
  private final String password;
  private final Path truststore;
  private final Path serverKeystore;
  private final Map<String, Path> clients = new HashMap<>();
  private final Map<String, Path> untrustedClients = new HashMap<>();
  private int files;

  private TestPki(Path dir, String password) {
    this.dir = dir;
    this.password = password;
    this.truststore = dir.resolve("truststore.p12");
    this.serverKeystore = dir.resolve("server.p12");
  }

  /** Makes the CA, the truststore and the server keystore in a new temporary directory. */
  public static TestPki create() {
    Path dir;
    try {
      dir = Files.createTempDirectory("sluice-pki-");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a directory for the test PKI", e);
    }
    // Registered first so it is deleted last, after the files registered in it.
    dir.toFile().deleteOnExit();
    byte[] secret = new byte[18];
    new SecureRandom().nextBytes(secret);
    TestPki pki = new TestPki(dir, Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    pki.makeCa();
    pki.makeServer();
    return pki;
  }

  /** The server's key under alias {@code server}, with its chain: server, then CA certificate. */
  public Path serverKeystore() {
    return serverKeystore;
  }

  /** The password of every store this PKI makes (and of the keys in them). */
  public String password() {
    return password;
  }

  /** The CA certificate alone, as a trusted entry under alias {@code ca}. */
  public Path truststore() {
    return truststore;
  }

  /**
   * A keystore whose key (alias {@code client}) has a certificate signed by the CA for subject
   * {@code CN=<commonName>,O=Sluice Tests}; made once per name.
   *
   * @param commonName letters, digits, inner spaces and {@code ._@-}, starting with a letter or
   *     digit
   */
  public synchronized Path clientKeystore(String commonName) {
    Path keystore = clients.get(checked(commonName));
    if (keystore == null) {
      keystore = makeClient(commonName, true);
      clients.put(commonName, keystore);
    }
    return keystore;
  }

  /** Like {@link #clientKeystore} but the certificate is self-signed, unknown to the CA. */
  public synchronized Path untrustedClientKeystore(String commonName) {
    Path keystore = untrustedClients.get(checked(commonName));
    if (keystore == null) {
      keystore = makeClient(commonName, false);
      untrustedClients.put(commonName, keystore);
    }
    return keystore;
  }

  /** A TLS context that trusts the CA and presents no certificate of its own. */
  public SSLContext clientContext() {
    return context(null);
  }

  /** A TLS context that trusts the CA and presents the key in {@code clientKeystore}. */
  public SSLContext clientContext(Path clientKeystore) {
    return context(clientKeystore);
  }

  /**
   * The subject of {@link #clientKeystore}'s certificate for {@code commonName} as {@code
   * X509Certificate.getSubjectX500Principal().getName()} gives it (RFC 2253), e.g. {@code
   * "CN=alice,O=Sluice Tests"}. Read from the certificate itself, which is made if need be.
   */
  public String subject(String commonName) {
    KeyStore keystore = load(clientKeystore(commonName));
    try {
      X509Certificate certificate = (X509Certificate) keystore.getCertificate("client");
      return certificate.getSubjectX500Principal().getName();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot read the client certificate of " + commonName, e);
    }
  }

  private void makeCa() {
    Path caKeystore = file("ca.p12");
    keytool(
        "-genkeypair",
        "-alias",
        "ca",
        "-dname",
        "CN=Sluice Test CA," + ORGANIZATION,
        "-ext",
        "bc:c",
        "-ext",
        "ku:c=keyCertSign,cRLSign",
        "-keystore",
        caKeystore.toString());
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        "ca",
        "-keystore",
        caKeystore.toString(),
        "-file",
        file("ca.pem").toString());
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "ca",
        "-file",
        dir.resolve("ca.pem").toString(),
        "-keystore",
        file(truststore.getFileName().toString()).toString());
  }

  private void makeServer() {
    signed(
        file(serverKeystore.getFileName().toString()),
        "server",
        "CN=localhost," + ORGANIZATION,
        "san=dns:localhost,ip:127.0.0.1",
        "ku:c=digitalSignature,keyEncipherment",
        "eku=serverAuth");
  }

  private Path makeClient(String commonName, boolean signedByCa) {
    Path keystore = file("client-" + (++files) + ".p12");
    String dname = "CN=" + commonName + "," + ORGANIZATION;
    if (signedByCa) {
      signed(keystore, "client", dname, "ku:c=digitalSignature", "eku=clientAuth");
    } else {
      keytool(
          "-genkeypair",
          "-alias",
          "client",
          "-dname",
          dname,
          "-ext",
          "ku:c=digitalSignature",
          "-ext",
          "eku=clientAuth",
          "-keystore",
          keystore.toString());
    }
    return keystore;
  }

  /** A key pair in {@code keystore} whose certificate the CA signs, stored with the full chain. */
  private void signed(Path keystore, String alias, String dname, String... extensions) {
    String name = keystore.getFileName().toString().replace(".p12", "");
    Path request = file(name + ".csr");
    Path certificate = file(name + ".pem");
    Path chain = file(name + "-chain.pem");
    keytool("-genkeypair", "-alias", alias, "-dname", dname, "-keystore", keystore.toString());
    keytool(
        "-certreq", "-alias", alias, "-keystore", keystore.toString(), "-file", request.toString());
    List<String> gencert =
        new ArrayList<>(
            List.of(
                "-gencert",
                "-rfc",
                "-alias",
                "ca",
                "-keystore",
                dir.resolve("ca.p12").toString(),
                "-infile",
                request.toString(),
                "-outfile",
                certificate.toString()));
    for (String extension : extensions) {
      gencert.add("-ext");
      gencert.add(extension);
    }
    keytool(gencert.toArray(String[]::new));
    // The reply carries the CA certificate too: keytool then needs no trusted CA entry in the
    // keystore, and with -noprompt accepts the untrusted root instead of asking.
    try {
      Files.writeString(
          chain,
          Files.readString(certificate, StandardCharsets.US_ASCII)
              + Files.readString(dir.resolve("ca.pem"), StandardCharsets.US_ASCII),
          StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + chain, e);
    }
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        alias,
        "-file",
        chain.toString(),
        "-keystore",
        keystore.toString());
    // keytool can decline a reply and still exit 0 ("Certificate reply was not installed").
    try {
      Certificate[] installed = load(keystore).getCertificateChain(alias);
      if (installed == null || installed.length != 2) {
        throw new IllegalStateException(
            "keytool did not install the CA-signed chain in " + keystore);
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot read " + keystore, e);
    }
  }

  private void keytool(String... args) {
    List<String> command = new ArrayList<>(List.of(KEYTOOL.toString()));
    command.addAll(List.of(args));
    if (args[0].equals("-genkeypair")) {
      command.addAll(List.of("-keyalg", "RSA", "-keysize", "2048"));
    }
    if (args[0].equals("-genkeypair") || args[0].equals("-gencert")) {
      command.addAll(List.of("-validity", "7", "-startdate", "-1d"));
    }
    // The password travels in the environment, never on a command line others can list.
    command.addAll(List.of("-storetype", "PKCS12", "-storepass:env", PASSWORD_ENV));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.environment().put(PASSWORD_ENV, password);
    builder.redirectErrorStream(true);
    try {
      Process process = builder.start();
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("keytool " + args[0] + " did not finish: " + output);
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            "keytool " + args[0] + " failed (" + process.exitValue() + "): " + output.trim());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot run " + KEYTOOL, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while keytool ran", e);
    }
  }

  private SSLContext context(Path clientKeystore) {
    try {
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(load(truststore));
      KeyManagerFactory keys = null;
      if (clientKeystore != null) {
        keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(load(clientKeystore), password.toCharArray());
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot build a TLS context", e);
    }
  }

  private KeyStore load(Path path) {
    try (InputStream in = Files.newInputStream(path)) {
      KeyStore keystore = KeyStore.getInstance("PKCS12");
      keystore.load(in, password.toCharArray());
      return keystore;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + path, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot read " + path, e);
    }
  }

  /** A path in the directory, deleted when the JVM exits. */
  private Path file(String name) {
    Path path = dir.resolve(name);
    path.toFile().deleteOnExit();
    return path;
  }

  private static String checked(String commonName) {
    if (commonName == null || !COMMON_NAME.matcher(commonName).matches()) {
      throw new IllegalArgumentException("unsupported common name: " + commonName);
    }
    return commonName;
  }
}
