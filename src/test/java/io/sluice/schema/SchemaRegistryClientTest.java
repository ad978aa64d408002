package io.sluice.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.config.SchemaRegistrySettings;
import io.sluice.schema.SchemaException.Kind;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SchemaRegistryClientTest {
  static final String USER =
      "{\"type\":\"record\",\"name\":\"User\",\"fields\":[{\"name\":\"name\",\"type\":\"string\"}]}";

  private final FakeRegistry registry = new FakeRegistry();
  private final MeterRegistry meters = new SimpleMeterRegistry();

  @AfterEach
  void stop() {
    registry.close();
  }

  static SchemaException failure(CompletableFuture<?> future) {
    CompletionException e = catchThrowableOfType(CompletionException.class, future::join);
    assertThat(e).as("the future failed").isNotNull();
    assertThat(e.getCause()).isInstanceOf(SchemaException.class);
    return (SchemaException) e.getCause();
  }

  private double count(String name, String... tags) {
    return meters.get(name).tags(tags).counter().count();
  }

  @Test
  void schemaByIdIsParsedAndAbsentTypeMeansAvro() {
    registry.schema(1, null, USER);
    SchemaRegistryClient client = new SchemaRegistryClient(registry.settings(), meters);

    RegisteredSchema schema = client.schema(1).join();

    assertThat(schema.id()).isEqualTo(1);
    assertThat(schema.type()).isEqualTo(SchemaType.AVRO);
    assertThat(schema.text()).isEqualTo(USER);
    assertThat(schema.avro()).get().extracting(s -> s.getName()).isEqualTo("User");
    assertThat(registry.requests().get(0).headers().get("Accept"))
        .startsWith("application/vnd.schemaregistry.v1+json");
  }

  @Test
  void jsonSchemaTypeIsRead() {
    registry.schema(2, "JSON", "{\"type\":\"object\"}");
    SchemaRegistryClient client = new SchemaRegistryClient(registry.settings(), meters);

    assertThat(client.schema(2).join().type()).isEqualTo(SchemaType.JSON);
  }

  @Test
  void unknownIdIsSchemaNotFound() {
    SchemaRegistryClient client = new SchemaRegistryClient(registry.settings(), meters);

    SchemaException e = failure(client.schema(99));

    assertThat(e.kind()).isEqualTo(Kind.SCHEMA_NOT_FOUND);
    assertThat(e).hasMessage("schema id 99 is not in the schema registry");
    assertThat(count("sluice.schema.registry.errors", "kind", "not_found")).isEqualTo(1);
  }

  @Test
  void serverErrorIsUnavailableNamingTheRegistry() {
    registry.answer("GET", "/schemas/ids/1", 500, "{\"error_code\":50001,\"message\":\"boom\"}");
    SchemaRegistryClient client = new SchemaRegistryClient(registry.settings(), meters);

    SchemaException e = failure(client.schema(1));

    assertThat(e.kind()).isEqualTo(Kind.REGISTRY_UNAVAILABLE);
    assertThat(e).hasMessageContaining(registry.url() + " answered 500");
    assertThat(count("sluice.schema.registry.errors", "kind", "unavailable")).isEqualTo(1);
  }

  @Test
  void notFoundWithoutARegistryErrorIsAWrongUrlNotAnUnknownSchema() {
    registry.answer("GET", "/schemas/ids/1", 404, "{\"message\":\"no such path\"}");
    SchemaRegistryClient client = new SchemaRegistryClient(registry.settings(), meters);

    assertThat(failure(client.schema(1)).kind()).isEqualTo(Kind.REGISTRY_UNAVAILABLE);
  }

  @Test
  void registryNotListeningIsUnavailableNamingItsUrlButNotTheCredentials() throws IOException {
    URI nobody = unusedUrl();
    SchemaRegistrySettings settings =
        FakeRegistry.settings(List.of(nobody), Optional.of("sluice:s3cret"));
    SchemaRegistryClient client = new SchemaRegistryClient(settings, meters);

    SchemaException e = failure(client.schema(1));

    assertThat(e.kind()).isEqualTo(Kind.REGISTRY_UNAVAILABLE);
    assertThat(e).hasMessageContaining(nobody + " refused the connection");
    assertThat(e.getMessage()).doesNotContain("s3cret").doesNotContain("sluice:");
  }

  @Test
  void registryThatDoesNotAnswerInTimeIsUnavailable() {
    registry.stall();
    SchemaRegistrySettings settings =
        new SchemaRegistrySettings(
            List.of(registry.url()),
            Optional.empty(),
            Optional.empty(),
            Duration.ofMillis(200),
            10);
    SchemaRegistryClient client = new SchemaRegistryClient(settings, meters);

    SchemaException e = failure(client.schema(1));

    assertThat(e.kind()).isEqualTo(Kind.REGISTRY_UNAVAILABLE);
    assertThat(e).hasMessageContaining("did not answer within 200 ms");
  }

  @Test
  void basicAuthHeaderIsSent() {
    registry.schema(1, null, USER);
    SchemaRegistrySettings settings =
        FakeRegistry.settings(List.of(registry.url()), Optional.of("sluice:s3cret"));

    new SchemaRegistryClient(settings, meters).schema(1).join();

    assertThat(registry.requests().get(0).headers().get("Authorization"))
        .isEqualTo(
            "Basic "
                + Base64.getEncoder()
                    .encodeToString("sluice:s3cret".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void refusedCredentialsAreUnavailableNotUnknownSchema() {
    registry.answer("GET", "/schemas/ids/1", 401, "{\"error_code\":40101,\"message\":\"no\"}");
    SchemaRegistryClient client = new SchemaRegistryClient(registry.settings(), meters);

    SchemaException e = failure(client.schema(1));

    assertThat(e.kind()).isEqualTo(Kind.REGISTRY_UNAVAILABLE);
    assertThat(e).hasMessageContaining("refused the gateway's credentials (401)");
  }

  @Test
  void secondLookupOfAnIdIsACacheHit() {
    registry.schema(1, null, USER);
    SchemaRegistryClient client = new SchemaRegistryClient(registry.settings(), meters);

    RegisteredSchema first = client.schema(1).join();
    RegisteredSchema second = client.schema(1).join();

    assertThat(second).isSameAs(first);
    assertThat(registry.requests()).hasSize(1);
    assertThat(count("sluice.schema.registry.lookups")).isEqualTo(1);
    assertThat(count("sluice.schema.cache.hits")).isEqualTo(1);
    assertThat(meters.get("sluice.schema.cache.size").gauge().value()).isEqualTo(1);
  }

  @Test
  void failedLookupIsNotCached() {
    SchemaRegistryClient client = new SchemaRegistryClient(registry.settings(), meters);
    failure(client.schema(1));
    registry.schema(1, null, USER);

    assertThat(client.schema(1).join().id()).isEqualTo(1);
  }

  @Test
  void secondUrlIsTriedWhenTheFirstDoesNotAnswerAndThenTriedFirst() throws IOException {
    registry.schema(1, null, USER).schema(2, null, USER);
    SchemaRegistrySettings settings =
        FakeRegistry.settings(List.of(unusedUrl(), registry.url()), Optional.empty());
    SchemaRegistryClient client = new SchemaRegistryClient(settings, meters);

    assertThat(client.schema(1).join().id()).isEqualTo(1);
    assertThat(client.schema(2).join().id()).isEqualTo(2);

    assertThat(registry.requests())
        .extracting(FakeRegistry.Request::path)
        .containsExactly("/schemas/ids/1", "/schemas/ids/2");
  }

  @Test
  void referencedAvroTypesAreFetchedAndParsedFirst() {
    String address =
        "{\"type\":\"record\",\"name\":\"Address\",\"namespace\":\"io.example\","
            + "\"fields\":[{\"name\":\"city\",\"type\":\"string\"}]}";
    String user =
        "{\"type\":\"record\",\"name\":\"User\",\"namespace\":\"io.example\","
            + "\"fields\":[{\"name\":\"home\",\"type\":\"io.example.Address\"}]}";
    registry
        .answer(
            "GET",
            "/schemas/ids/5",
            200,
            FakeRegistry.schemaAnswer(
                null,
                user,
                List.of(Map.of("name", "io.example.Address", "subject", "address", "version", 3))))
        .answer(
            "GET",
            "/subjects/address/versions/3",
            200,
            FakeRegistry.schemaAnswer(null, address, List.of()));
    SchemaRegistryClient client = new SchemaRegistryClient(registry.settings(), meters);

    RegisteredSchema schema = client.schema(5).join();

    assertThat(schema.references()).containsExactly(Map.entry("io.example.Address", address));
    assertThat(schema.avro().orElseThrow().getField("home").schema().getFullName())
        .isEqualTo("io.example.Address");
  }

  @Test
  void registrationPostsTheSchemaAndCachesItsId() throws IOException {
    registry.answer("POST", "/subjects/users-value/versions", 200, "{\"id\":7}");
    SchemaRegistryClient client = new SchemaRegistryClient(registry.settings(), meters);

    RegisteredSchema registered = client.register("users-value", SchemaType.AVRO, USER).join();
    RegisteredSchema again = client.register("users-value", SchemaType.AVRO, USER).join();
    RegisteredSchema byId = client.schema(7).join();

    assertThat(registered.id()).isEqualTo(7);
    assertThat(again).isSameAs(registered);
    assertThat(byId).isSameAs(registered);
    assertThat(registry.requests()).hasSize(1);
    FakeRegistry.Request post = registry.requests().get(0);
    assertThat(post.headers().get("Content-type")).isEqualTo(RegistryHttp.MEDIA_TYPE);
    assertThat(FakeRegistry.MAPPER.readTree(post.body()))
        .isEqualTo(FakeRegistry.MAPPER.createObjectNode().put("schema", USER));
  }

  @Test
  void jsonSchemaRegistrationNamesItsType() throws IOException {
    registry.answer("POST", "/subjects/t-value/versions", 200, "{\"id\":8}");
    SchemaRegistryClient client = new SchemaRegistryClient(registry.settings(), meters);

    client.register("t-value", SchemaType.JSON, "{\"type\":\"object\"}").join();

    assertThat(
            FakeRegistry.MAPPER
                .readTree(registry.requests().get(0).body())
                .get("schemaType")
                .asText())
        .isEqualTo("JSON");
  }

  @Test
  void incompatibleSchemaIsRejected() {
    registry.answer(
        "POST",
        "/subjects/users-value/versions",
        409,
        "{\"error_code\":409,\"message\":\"Schema being registered is incompatible\"}");
    SchemaRegistryClient client = new SchemaRegistryClient(registry.settings(), meters);

    SchemaException e = failure(client.register("users-value", SchemaType.AVRO, USER));

    assertThat(e.kind()).isEqualTo(Kind.SCHEMA_REJECTED);
    assertThat(e).hasMessageContaining("Schema being registered is incompatible (error 409)");
    assertThat(count("sluice.schema.registry.errors", "kind", "rejected")).isEqualTo(1);
  }

  @Test
  void schemaThatDoesNotParseIsNeverSent() {
    SchemaRegistryClient client = new SchemaRegistryClient(registry.settings(), meters);

    SchemaException e =
        failure(client.register("users-value", SchemaType.AVRO, "{\"type\":\"recrod\"}"));

    assertThat(e.kind()).isEqualTo(Kind.INVALID_SCHEMA);
    assertThat(e).hasMessageStartingWith("not a valid Avro schema");
    assertThat(registry.requests()).isEmpty();
  }

  @Test
  void registeredSchemaThatDoesNotParseIsUnusable() {
    registry.schema(3, null, "{\"type\":\"recrod\"}");
    SchemaRegistryClient client = new SchemaRegistryClient(registry.settings(), meters);

    SchemaException e = failure(client.schema(3));

    assertThat(e.kind()).isEqualTo(Kind.UNDECODABLE);
    assertThat(e).hasMessageStartingWith("schema id 3 is not a valid Avro schema");
    assertThat(count("sluice.schema.registry.errors", "kind", "unusable")).isEqualTo(1);
  }

  static URI unusedUrl() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }
  }
}
