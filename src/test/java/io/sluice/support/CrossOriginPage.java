package io.sluice.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * One web page from the test classpath, served by a JDK HTTP server on a free loopback port: an
 * origin of its own ({@code http://127.0.0.1:port}), never a gateway's, for what browsers let pages
 * elsewhere do with the gateway.
 */
public final class CrossOriginPage implements AutoCloseable {
  private final HttpServer server;

  private CrossOriginPage(HttpServer server) {
    this.server = server;
  }

  /** Serves the classpath resource {@code resource} (an HTML page) at {@code /}. */
  public static CrossOriginPage serve(String resource) {
    byte[] page;
    try (InputStream in = CrossOriginPage.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from the test classpath");
      }
      page = in.readAllBytes();
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext(
          "/",
          exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(page);
            }
          });
      server.start();
      return new CrossOriginPage(server);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What browsers send as {@code Origin} from this page. */
  public String origin() {
    return "http://127.0.0.1:" + port();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String url() {
    return origin() + "/";
  }

  /** The page's address, with one query parameter for its script. */
  public String url(String name, String value) {
    return url() + "?" + name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
