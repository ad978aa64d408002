package io.sluice.http;

import io.javalin.config.JavalinConfig;
import io.sluice.config.SecuritySettings;
import io.sluice.config.SecuritySettings.ClientAuth;
import io.sluice.config.Settings;
import java.util.List;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * How clients reach the gateway: HTTPS from a PKCS#12 keystore (TLS 1.2 and 1.3 only, client
 * certificates checked against the truststore when asked for) instead of plain HTTP, and the CORS
 * origins browsers may call from.
 */
final class Transport {
  static final List<String> EXPOSED_HEADERS =
      List.of(ConsumerRoutes.GENERATION, ConsumerRoutes.ASSIGNMENT_CHANGED, "WWW-Authenticate");

  private Transport() {}

  static void configure(JavalinConfig config, Settings settings) {
    SecuritySettings security = settings.security();
    security
        .tls()
        .ifPresent(
            tls ->
                // With a connector of our own, Javalin adds no plain HTTP one.
                config.jetty.addConnector(
                    (server, http) -> {
                      HttpConfiguration https = new HttpConfiguration(http);
                      https.addCustomizer(new SecureRequestCustomizer());
                      ServerConnector connector =
                          new ServerConnector(
                              server,
                              new SslConnectionFactory(sslContext(tls), "http/1.1"),
                              new HttpConnectionFactory(https));
                      connector.setHost(settings.httpHost());
                      connector.setPort(settings.httpPort());
                      return connector;
                    }));
    if (!security.corsOrigins().isEmpty()) {
      config.bundledPlugins.enableCors(
          cors ->
              cors.addRule(
                  rule -> {
                    if (security.corsOrigins().contains("*")) {
                      rule.anyHost();
                    } else {
                      security.corsOrigins().forEach(origin -> rule.allowHost(origin));
                      // Browsers send cookies and Basic credentials only to named origins.
                      rule.allowCredentials = true;
                    }
                    EXPOSED_HEADERS.forEach(rule::exposeHeader);
                  }));
    }
  }

  private static SslContextFactory.Server sslContext(SecuritySettings.Tls tls) {
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setKeyStoreType("PKCS12");
    ssl.setKeyStorePath(tls.keystore().toString());
    ssl.setKeyStorePassword(tls.keystorePassword());
    ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
    tls.truststore()
        .ifPresent(
            truststore -> {
              ssl.setTrustStoreType("PKCS12");
              ssl.setTrustStorePath(truststore.toString());
              ssl.setTrustStorePassword(tls.truststorePassword());
            });
    ssl.setNeedClientAuth(tls.clientAuth() == ClientAuth.NEED);
    ssl.setWantClientAuth(tls.clientAuth() == ClientAuth.WANT);
    return ssl;
  }
}
