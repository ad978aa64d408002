package io.sluice.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.schema.SchemaException.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordEncoderTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String PERSON_SCHEMA =
      """
      {"type":"object","properties":{
        "name":{"type":"string"},
        "age":{"type":"integer","minimum":0}},
       "required":["name"]}
      """;

  private final RecordEncoder encoder = new RecordEncoder(ProtobufCodec.UNSUPPORTED);

  private static JsonNode json(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static RegisteredSchema schema(int id, SchemaType type, String text) {
    return RegisteredSchema.parse(id, type, text, Map.of());
  }

  private SchemaException refusal(RegisteredSchema schema, String value) {
    SchemaException e =
        catchThrowableOfType(SchemaException.class, () -> encoder.encode(schema, json(value)));
    assertThat(e).as("refused").isNotNull();
    return e;
  }

  @Test
  void avroFromItsJsonEncodingRoundTripsThroughTheWireFormat() {
    RegisteredSchema schema = schema(9, SchemaType.AVRO, RecordDecoderTest.USER);
    String value =
        "{\"name\":\"Ann\",\"nickname\":{\"string\":\"annie\"},\"colour\":\"GREEN\","
            + "\"avatar\":\"\\u0000\u00ffA\",\"address\":{\"city\":\"Oslo\"}}";

    byte[] framed = encoder.encode(schema, json(value));

    Frame frame = WireFormat.parse(framed, SchemaType.AVRO);
    assertThat(frame.schemaId()).isEqualTo(9);
    String rendered =
        new String(AvroCodec.toJson(schema, framed, frame.payloadOffset()), StandardCharsets.UTF_8);
    assertThat(json(rendered)).isEqualTo(json(value));
  }

  @Test
  void avroRecordOfTheWrongShapeSaysWhy() {
    RegisteredSchema schema = schema(9, SchemaType.AVRO, RecordDecoderTest.USER_V2);

    SchemaException wrongType = refusal(schema, "{\"name\":\"Ann\",\"age\":\"forty\"}");
    SchemaException missing = refusal(schema, "{\"age\":40}");

    assertThat(wrongType.kind()).isEqualTo(Kind.INVALID_RECORD);
    assertThat(wrongType).hasMessageStartingWith("does not match Avro schema id 9: Expected int");
    assertThat(missing.kind()).isEqualTo(Kind.INVALID_RECORD);
    assertThat(missing).hasMessageContaining("name");
  }

  @Test
  void avroUnionValueMustNameItsBranch() {
    RegisteredSchema schema = schema(9, SchemaType.AVRO, "[\"null\",\"string\"]");

    assertThat(
            WireFormat.parse(encoder.encode(schema, json("{\"string\":\"x\"}")), SchemaType.AVRO)
                .schemaId())
        .isEqualTo(9);
    assertThat(refusal(schema, "\"x\"").kind()).isEqualTo(Kind.INVALID_RECORD);
  }

  @Test
  void refusalDoesNotEchoALargeValue() {
    RegisteredSchema schema =
        schema(9, SchemaType.AVRO, "{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"A\"]}");
    String huge = "x".repeat(100_000);

    SchemaException e = refusal(schema, "\"" + huge + "\"");

    assertThat(e.kind()).isEqualTo(Kind.INVALID_RECORD);
    assertThat(e.getMessage()).hasSizeLessThan(300).doesNotContain("x".repeat(300));
  }

  @Test
  void jsonSchemaDocumentThatMatchesIsFramedAsItsJson() {
    RegisteredSchema schema = schema(21, SchemaType.JSON, PERSON_SCHEMA);

    byte[] framed = encoder.encode(schema, json("{\"name\":\"Ann\",\"age\":40}"));

    Frame frame = WireFormat.parse(framed, SchemaType.JSON);
    assertThat(frame.schemaId()).isEqualTo(21);
    assertThat(new String(Arrays.copyOfRange(framed, 5, framed.length), StandardCharsets.UTF_8))
        .isEqualTo("{\"name\":\"Ann\",\"age\":40}");
  }

  @Test
  void jsonSchemaDocumentThatDoesNotMatchNamesTheProblems() {
    RegisteredSchema schema = schema(21, SchemaType.JSON, PERSON_SCHEMA);

    SchemaException e = refusal(schema, "{\"age\":-1}");

    assertThat(e.kind()).isEqualTo(Kind.INVALID_RECORD);
    assertThat(e)
        .hasMessageStartingWith("does not match JSON schema id 21: ")
        .hasMessageContaining("name")
        .hasMessageContaining("age");
  }

  @Test
  void jsonSchemaRefsAreResolvedFromTheReferencedSchemasNotFetched() {
    RegisteredSchema schema =
        RegisteredSchema.parse(
            22,
            SchemaType.JSON,
            "{\"type\":\"object\",\"properties\":{\"home\":{\"$ref\":\"address.json\"}}}",
            Map.of("address.json", "{\"type\":\"object\",\"required\":[\"city\"]}"));

    assertThat(encoder.encode(schema, json("{\"home\":{\"city\":\"Oslo\"}}"))).isNotEmpty();
    assertThat(refusal(schema, "{\"home\":{}}")).hasMessageContaining("city");
  }

  @Test
  void remoteRefsAreNeverFetched() {
    try (FakeRegistry elsewhere = new FakeRegistry()) {
      elsewhere.answer("GET", "/address.json", 200, "{\"type\":\"object\"}");
      RegisteredSchema schema =
          schema(23, SchemaType.JSON, "{\"$ref\":\"" + elsewhere.url() + "/address.json\"}");

      SchemaException e = refusal(schema, "{}");

      assertThat(e.kind()).isEqualTo(Kind.INVALID_SCHEMA);
      assertThat(e).hasMessageContaining("remote references are not fetched");
      assertThat(elsewhere.requests()).isEmpty();
    }
  }

  @Test
  void refsToTheGatewaysOwnFilesAreRefusedUnread() {
    for (String local : List.of("classpath:META-INF/MANIFEST.MF", "file:///etc/hostname")) {
      Throwable e =
          catchThrowable(() -> schema(24, SchemaType.JSON, "{\"$ref\":\"" + local + "\"}"));

      assertThat(e).as(local).isInstanceOf(IllegalArgumentException.class);
      assertThat(e.getMessage())
          .as(local)
          .contains("is not allowed")
          .doesNotContainIgnoringCase("manifest-version");
    }
  }

  @Test
  void protobufIsUnsupportedUntilItsCodecIsPluggedIn() {
    RegisteredSchema schema = schema(4, SchemaType.PROTOBUF, "syntax = \"proto3\";");

    assertThat(refusal(schema, "{}").kind()).isEqualTo(Kind.UNSUPPORTED);
  }
}
