package io.sluice.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.Response;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import io.sluice.support.Contract;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The contract validator that every integration test runs through catches drift: wrong fields,
 * codes, types and statuses, under the vendor media types too. Also checks the operations another
 * branch implements (health, metrics) against the answers they are specified to give.
 */
class OpenApiContractTest {
  private static final String V2 = "application/vnd.kafka.v2+json";
  private static final String INSTANCE = "/consumers/g/instances/i";

  private static List<String> problems(Request request, Response response) {
    ValidationReport report = Contract.validator().validate(request, response);
    return report.getMessages().stream()
        .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
        .map(ValidationReport.Message::getKey)
        .toList();
  }

  private static Response answer(int status, String type, String body) {
    return new SimpleResponse.Builder(status).withContentType(type).withBody(body).build();
  }

  private static Request create(String body) {
    return SimpleRequest.Builder.post("/consumers/g").withContentType(V2).withBody(body).build();
  }

  @Test
  void createAnswerMatchesAndMissingOrExtraFieldsDoNot() {
    String ok = "{\"instance_id\":\"i\",\"base_uri\":\"http://localhost:8082" + INSTANCE + "\"}";

    assertThat(problems(create("{\"name\":\"i\"}"), answer(200, V2, ok))).isEmpty();
    assertThat(problems(create("{}"), answer(200, V2, "{\"instance_id\":\"i\"}")))
        .containsExactly("validation.response.body.schema.required");
    assertThat(problems(create("{}"), answer(200, V2, ok.replace("}", ",\"x\":1}"))))
        .containsExactly("validation.response.body.schema.additionalProperties");
  }

  @Test
  void errorCodesMustBelongToTheirStatus() {
    Request fetch = SimpleRequest.Builder.get(INSTANCE + "/records").build();

    assertThat(problems(fetch, answer(409, V2, "{\"error_code\":40903,\"message\":\"m\"}")))
        .isEmpty();
    assertThat(problems(fetch, answer(409, V2, "{\"error_code\":40403,\"message\":\"m\"}")))
        .containsExactly("validation.response.body.schema.enum");
    assertThat(problems(fetch, answer(418, V2, "{\"error_code\":418,\"message\":\"m\"}")))
        .containsExactly("validation.response.status.unknown");
    assertThat(problems(fetch, answer(404, "text/html", "<h1>Not found</h1>")))
        .containsExactly("validation.response.contentType.notAllowed");
  }

  @Test
  void recordsAreCheckedPerEmbeddedFormat() {
    Request fetch = SimpleRequest.Builder.get(INSTANCE + "/records").build();
    String binary = "application/vnd.kafka.binary.v2+json";
    String record =
        "[{\"topic\":\"t\",\"key\":null,\"value\":%s,\"partition\":0,\"offset\":7,"
            + "\"timestamp\":1700000000000}]";

    assertThat(problems(fetch, answer(200, binary, record.formatted("null")))).isEmpty();
    assertThat(problems(fetch, answer(200, binary, record.formatted("\"not base64!\""))))
        .containsExactly("validation.response.body.schema.format.byte");
    assertThat(
            problems(
                fetch,
                answer(200, "application/vnd.kafka.json.v2+json", record.formatted("{\"a\":1}"))))
        .isEmpty();
    assertThat(
            problems(
                fetch,
                answer(200, "application/vnd.kafka.text.v2+json", record.formatted("{\"a\":1}"))))
        .containsExactly("validation.response.body.schema.type");
  }

  @Test
  void acceptOfTheV2TypeIsAllowedOnRecordsOnly() {
    Response empty = answer(200, "application/vnd.kafka.json.v2+json", "[]");

    assertThat(
            problems(
                SimpleRequest.Builder.get(INSTANCE + "/records").withAccept(V2).build(), empty))
        .isEmpty();
    assertThat(
            problems(
                SimpleRequest.Builder.get(INSTANCE + "/records").withAccept("text/html").build(),
                empty))
        .containsExactly("validation.request.accept.notAllowed");
  }

  @Test
  void requestsTheSpecForbidsAreFlagged() {
    Response refused = answer(422, V2, "{\"error_code\":422,\"message\":\"m\"}");
    Request bothTopicsAndPattern =
        SimpleRequest.Builder.post(INSTANCE + "/subscription")
            .withContentType(V2)
            .withBody("{\"topics\":[\"a\"],\"topic_pattern\":\"a.*\"}")
            .build();

    assertThat(problems(create("{\"colour\":\"blue\"}"), refused))
        .containsExactly("validation.request.body.schema.additionalProperties");
    assertThat(problems(create("{\"format\":\"xml\"}"), refused))
        .containsExactly("validation.request.body.schema.enum");
    assertThat(problems(bothTopicsAndPattern, refused))
        .containsExactly("validation.request.body.schema.maxProperties");
  }

  @Test
  void committedOffsetsAreAskedForByBodyOrByQueryPairs() {
    Response offsets =
        answer(
            200,
            V2,
            "{\"offsets\":[{\"topic\":\"t\",\"partition\":0,\"offset\":3,\"metadata\":\"\"}]}");

    assertThat(
            problems(
                SimpleRequest.Builder.get(INSTANCE + "/offsets")
                    .withContentType(V2)
                    .withBody("{\"partitions\":[{\"topic\":\"t\",\"partition\":0}]}")
                    .build(),
                offsets))
        .isEmpty();
    assertThat(
            problems(
                SimpleRequest.Builder.get(INSTANCE + "/offsets")
                    .withQueryParam("topic", "t", "u")
                    .withQueryParam("partition", "0", "1")
                    .build(),
                offsets))
        .isEmpty();
    assertThat(
            problems(
                SimpleRequest.Builder.get(INSTANCE + "/offsets")
                    .withQueryParam("topic", "t")
                    .withQueryParam("partition", "first")
                    .build(),
                offsets))
        .containsExactly("validation.request.parameter.schema.type");
  }

  @Test
  void healthAndMetricsAnswersAreSpecified() {
    Request ready = SimpleRequest.Builder.get("/health/ready").build();
    String json = "application/json";

    assertThat(problems(ready, answer(200, json, "{\"status\":\"UP\"}"))).isEmpty();
    assertThat(problems(ready, answer(503, json, "{\"status\":\"DOWN\",\"reason\":\"no broker\"}")))
        .isEmpty();
    assertThat(problems(ready, answer(200, json, "{\"status\":\"FINE\"}")))
        .containsExactly("validation.response.body.schema.enum");
    assertThat(
            problems(
                SimpleRequest.Builder.get("/health/live").build(),
                answer(200, json, "{\"status\":\"UP\"}")))
        .isEmpty();
    assertThat(
            problems(
                SimpleRequest.Builder.get("/metrics").build(),
                answer(200, "text/plain; version=0.0.4; charset=utf-8", "up 1.0\n")))
        .isEmpty();
  }
}
