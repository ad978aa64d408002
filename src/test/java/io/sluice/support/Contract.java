package io.sluice.support;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.MessageResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.OpenApiValidationFilter;
import com.atlassian.oai.validator.schema.SchemaValidator;
import com.atlassian.oai.validator.whitelist.ValidationErrorsWhitelist;
import com.atlassian.oai.validator.whitelist.rule.WhitelistRules;
import io.restassured.filter.Filter;
import io.restassured.response.Response;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.List;

/**
 * The API contract, {@code openapi/sluice.yaml}, loaded once per JVM: the parsed model and the
 * validators that hold the tests' requests and answers to it.
 */
public final class Contract {
  public static final String SPEC = "openapi/sluice.yaml";
  private static final String ERROR_TYPE = "application/vnd.kafka.v2+json";

  private static final SwaggerParseResult parsed = parse();

  /**
   * The spec requires credentials (what a secured gateway needs); most tests talk to gateways with
   * the default {@code auth.mode=none}, which needs none. Credentials that are sent are still
   * checked against the declared schemes.
   */
  private static final OpenApiInteractionValidator strict =
      validator(
          LevelResolver.create()
              .withLevel("validation.request.security.missing", ValidationReport.Level.IGNORE)
              .build());

  private static final OpenApiInteractionValidator answersOnly =
      validator(
          LevelResolver.create()
              .withLevel("validation.request", ValidationReport.Level.IGNORE)
              .build());

  private Contract() {}

  private static SwaggerParseResult parse() {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    return new OpenAPIParser().readLocation(SPEC, null, options);
  }

  private static OpenApiInteractionValidator validator(LevelResolver levels) {
    return OpenApiInteractionValidator.createFor(SPEC)
        .withLevelResolver(levels)
        .withWhitelist(
            ValidationErrorsWhitelist.create()
                .withRule(
                    "Accept: application/vnd.kafka.v2+json on records asks for the instance's own"
                        + " embedded type; OpenAPI cannot tie an Accept value to another answer type",
                    WhitelistRules.allOf(
                        WhitelistRules.messageHasKey("validation.request.accept.notAllowed"),
                        WhitelistRules.pathContainsRegexp("/instances/[^/]+/records$"),
                        WhitelistRules.headerContainsRegexp(
                            "Accept", "^application/vnd\\.kafka\\.v2\\+json$"))))
        .build();
  }

  /** What the parser said about the spec: empty when it is valid. */
  public static List<String> parserMessages() {
    return parsed.getMessages() == null ? List.of() : parsed.getMessages();
  }

  public static OpenAPI api() {
    if (parsed.getOpenAPI() == null) {
      throw new IllegalStateException(SPEC + " does not parse: " + parserMessages());
    }
    return parsed.getOpenAPI();
  }

  /** Fails a request whose request or answer does not match the spec. */
  public static Filter validating() {
    return new OpenApiValidationFilter(strict);
  }

  /**
   * Fails a request whose answer does not match the spec, for tests that send a request the spec
   * forbids on purpose (an unknown field, a bad value, malformed JSON) to see how it is refused.
   */
  public static Filter validatingAnswers() {
    return new OpenApiValidationFilter(answersOnly);
  }

  /**
   * Fails a request whose answer is not the error envelope ({@code #/components/schemas/Error} as
   * {@code application/vnd.kafka.v2+json}), for paths and methods the spec does not have.
   */
  public static Filter errorEnvelope() {
    return (request, response, context) -> {
      Response answer = context.next(request, response);
      Schema<?> envelope = api().getComponents().getSchemas().get("Error");
      ValidationReport report =
          schemas().validate(answer.asString(), envelope, "validation.response.body");
      String type = answer.contentType();
      if (report.hasErrors() || !ERROR_TYPE.equals(type)) {
        throw new AssertionError(
            request.getMethod()
                + " "
                + request.getURI()
                + " answered "
                + type
                + " "
                + answer.asString()
                + ", not the error envelope: "
                + report.getMessages());
      }
      return answer;
    };
  }

  public static OpenApiInteractionValidator validator() {
    return strict;
  }

  public static SchemaValidator schemas() {
    return new SchemaValidator(api(), new MessageResolver());
  }
}
