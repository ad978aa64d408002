package io.sluice.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.schema.SchemaValidator;
import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.support.Contract;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The spec itself: it parses cleanly, and every body it describes has an example that fits. */
class OpenApiSpecTest {
  @Test
  void specParsesAndValidatesWithoutAnyMessage() {
    assertThat(Contract.parserMessages()).isEmpty();
    assertThat(Contract.api().getOpenapi()).isEqualTo("3.0.3");
  }

  @Test
  void everyOperationHasAnIdAndASuccessAnswer() {
    Contract.api()
        .getPaths()
        .forEach(
            (path, item) ->
                item.readOperationsMap()
                    .forEach(
                        (method, operation) -> {
                          assertThat(operation.getOperationId())
                              .as(method + " " + path)
                              .isNotBlank();
                          assertThat(operation.getResponses().keySet())
                              .as(method + " " + path)
                              .anyMatch(status -> status.startsWith("2"));
                        }));
  }

  @Test
  void everyOperationButHealthAndDocsDeclaresItsSecurityAndItsRefusals() {
    OpenAPI api = Contract.api();
    assertThat(api.getComponents().getSecuritySchemes()).containsKeys("basicAuth", "bearerAuth");
    List<String> open = List.of("/health/", "/docs", "/openapi.");
    api.getPaths()
        .forEach(
            (path, item) ->
                item.readOperationsMap()
                    .forEach(
                        (method, operation) -> {
                          List<SecurityRequirement> security =
                              operation.getSecurity() != null
                                  ? operation.getSecurity()
                                  : api.getSecurity();
                          if (open.stream().anyMatch(path::startsWith)) {
                            assertThat(security).as(method + " " + path).isEmpty();
                            return;
                          }
                          assertThat(security)
                              .as(method + " " + path)
                              .isNotEmpty()
                              .allMatch(requirement -> !requirement.isEmpty());
                          assertThat(operation.getResponses())
                              .as(method + " " + path)
                              .containsKey("401");
                          if (!path.equals("/metrics")) {
                            assertThat(operation.getResponses())
                                .as(method + " " + path)
                                .containsKey("403");
                          }
                        }));
  }

  @Test
  void everyRequestAndAnswerBodyHasAnExampleThatMatchesItsSchema() {
    SchemaValidator schemas = Contract.schemas();
    List<String> problems = new ArrayList<>();
    int checked = 0;
    for (Body body : bodies(Contract.api())) {
      List<Object> examples = examples(body.mediaType());
      if (examples.isEmpty()) {
        problems.add(body.where() + ": no example");
      }
      for (Object example : examples) {
        if (!isJson(body.type())) {
          continue;
        }
        JsonNode node = Json.mapper().valueToTree(example);
        ValidationReport report =
            schemas.validate(() -> node, body.mediaType().getSchema(), "example");
        report
            .getMessages()
            .forEach(
                m ->
                    problems.add(
                        body.where()
                            + ": "
                            + m.getMessage()
                            + m.getAdditionalInfo()
                            + m.getNestedMessages()));
        checked++;
      }
    }

    assertThat(problems).isEmpty();
    assertThat(checked).isGreaterThan(80);
  }

  private record Body(String where, String type, MediaType mediaType) {}

  private static List<Body> bodies(OpenAPI api) {
    List<Body> bodies = new ArrayList<>();
    api.getPaths()
        .forEach(
            (path, item) ->
                item.readOperationsMap()
                    .forEach(
                        (method, operation) ->
                            bodies.addAll(bodies(method + " " + path, operation))));
    return bodies;
  }

  private static List<Body> bodies(String where, Operation operation) {
    List<Body> bodies = new ArrayList<>();
    if (operation.getRequestBody() != null) {
      add(bodies, where + " request", operation.getRequestBody().getContent());
    }
    for (Map.Entry<String, ApiResponse> response : operation.getResponses().entrySet()) {
      add(bodies, where + " " + response.getKey(), resolve(response.getValue()).getContent());
    }
    return bodies;
  }

  /** Error answers are shared components: {@code $ref: '#/components/responses/Name'}. */
  private static ApiResponse resolve(ApiResponse response) {
    if (response.get$ref() == null) {
      return response;
    }
    String name = response.get$ref().substring(response.get$ref().lastIndexOf('/') + 1);
    return Contract.api().getComponents().getResponses().get(name);
  }

  private static void add(List<Body> bodies, String where, Content content) {
    if (content != null) {
      content.forEach(
          (type, mediaType) -> bodies.add(new Body(where + " " + type, type, mediaType)));
    }
  }

  private static List<Object> examples(MediaType mediaType) {
    List<Object> examples = new ArrayList<>();
    if (mediaType.getExample() != null) {
      examples.add(mediaType.getExample());
    }
    if (mediaType.getExamples() != null) {
      mediaType.getExamples().values().forEach(e -> examples.add(e.getValue()));
    }
    return examples;
  }

  private static boolean isJson(String type) {
    return type.equals("application/json") || type.endsWith("+json");
  }
}
