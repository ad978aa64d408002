package io.sluice.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The API explorer: the spec as written at {@code /openapi.yaml} and as JSON at {@code
 * /openapi.json}, and Swagger UI from the {@code org.webjars:swagger-ui} jar at {@code /docs},
 * pointed at this gateway's own spec (no CDN, no internet). Everything is read from the classpath
 * once, at start, so a broken build fails there rather than on the first request.
 */
final class DocsRoutes {
  private static final String WEBJAR = "/META-INF/resources/webjars/swagger-ui/";
  private static final String WEBJAR_POM = "/META-INF/maven/org.webjars/swagger-ui/pom.properties";

  private final byte[] page = resource("/docs/index.html");
  private final byte[] initializer = resource("/docs/swagger-initializer.js");
  private final byte[] yaml = resource("/openapi/sluice.yaml");
  private final byte[] json = json(yaml);
  private final String assets = WEBJAR + webjarVersion();

  void addTo(JavalinConfig config) {
    config.routes.get("/openapi.yaml", ctx -> ctx.contentType("application/yaml").result(yaml));
    config.routes.get("/openapi.json", ctx -> ctx.contentType("application/json").result(json));
    config.routes.get("/docs", this::page);
    // Served by us, not the webjar: its index.html and initializer load the Petstore demo.
    config.routes.get("/docs/", this::page);
    config.routes.get("/docs/index.html", this::page);
    config.routes.get(
        "/docs/swagger-initializer.js",
        ctx -> ctx.contentType("text/javascript").result(initializer));
    config.staticFiles.add(
        files -> {
          files.hostedPath = "/docs";
          files.directory = assets;
          files.location = Location.CLASSPATH;
        });
  }

  private void page(Context ctx) {
    ctx.contentType("text/html; charset=utf-8").result(page);
  }

  private static String webjarVersion() {
    Properties pom = new Properties();
    try (InputStream in = DocsRoutes.class.getResourceAsStream(WEBJAR_POM)) {
      if (in == null) {
        throw new IllegalStateException("The swagger-ui webjar is missing from the classpath");
      }
      pom.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return pom.getProperty("version");
  }

  private static byte[] json(byte[] yaml) {
    try {
      JsonNode spec = new YAMLMapper().readTree(yaml);
      return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(spec);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] resource(String path) {
    try (InputStream in = DocsRoutes.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(path + " is missing from the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
