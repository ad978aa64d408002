package io.sluice.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.restassured.response.Response;
import io.sluice.support.Contract;
import io.sluice.support.TestGateway;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The spec and Swagger UI as the gateway serves them, with nothing fetched from elsewhere. */
class ApiExplorerIT {
  private static final Pattern ASSET = Pattern.compile("(?:src|href)=\"([^\"]+)\"");
  private static final TestGateway gateway = TestGateway.shared();

  @Test
  void openApiYamlIsTheSpecFileUnchanged() throws IOException {
    byte[] served =
        gateway
            .given()
            .get("/openapi.yaml")
            .then()
            .statusCode(200)
            .contentType("application/yaml")
            .extract()
            .asByteArray();

    assertThat(served).isEqualTo(Files.readAllBytes(Path.of(Contract.SPEC)));
  }

  @Test
  void openApiJsonIsTheSameSpec() throws IOException {
    String served =
        gateway
            .given()
            .get("/openapi.json")
            .then()
            .statusCode(200)
            .contentType("application/json")
            .extract()
            .asString();

    assertThat(new ObjectMapper().readTree(served))
        .isEqualTo(new YAMLMapper().readTree(Path.of(Contract.SPEC).toFile()));
  }

  @Test
  void docsIsSwaggerUiPointedAtThisGatewaysSpec() {
    String page = page("/docs");

    assertThat(page).contains("<div id=\"swagger-ui\"></div>", "/docs/swagger-ui-bundle.js");
    assertThat(page("/docs/")).isEqualTo(page);
    assertThat(page("/docs/index.html")).isEqualTo(page);
    gateway
        .given()
        .get("/docs/swagger-initializer.js")
        .then()
        .statusCode(200)
        .body(
            allOf(
                containsString("url: \"/openapi.yaml\""),
                containsString("validatorUrl: null"),
                not(containsString("petstore"))));
  }

  @Test
  void everyFileThePageLoadsComesFromTheGateway() {
    List<String> assets = assets(page("/docs"));

    assertThat(assets).hasSizeGreaterThanOrEqualTo(6).allMatch(a -> a.startsWith("/docs/"));
    for (String asset : assets) {
      Response answer = gateway.given().get(asset);
      assertThat(answer.statusCode()).as(asset).isEqualTo(200);
      assertThat(answer.asByteArray()).as(asset).isNotEmpty();
    }
  }

  @Test
  void unknownDocsFileIs404InTheEnvelope() {
    gateway
        .given()
        .get("/docs/no-such-file.js")
        .then()
        .statusCode(404)
        .contentType(TestGateway.V2)
        .body("error_code", equalTo(404));
  }

  private static String page(String path) {
    return gateway
        .given()
        .get(path)
        .then()
        .statusCode(200)
        .contentType("text/html")
        .extract()
        .asString();
  }

  private static List<String> assets(String page) {
    Matcher m = ASSET.matcher(page);
    List<String> assets = new ArrayList<>();
    while (m.find()) {
      assets.add(m.group(1));
    }
    return assets;
  }
}
