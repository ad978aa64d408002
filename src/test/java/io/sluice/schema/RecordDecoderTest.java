package io.sluice.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.schema.SchemaException.Kind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RecordDecoderTest {
  static final String USER =
      """
      {"type":"record","name":"User","namespace":"io.example","fields":[
        {"name":"name","type":"string"},
        {"name":"nickname","type":["null","string"],"default":null},
        {"name":"colour","type":{"type":"enum","name":"Colour","symbols":["RED","GREEN"]}},
        {"name":"avatar","type":"bytes"},
        {"name":"address","type":{"type":"record","name":"Address","fields":[
          {"name":"city","type":"string"}]}}]}
      """;
  static final String USER_V1 =
      "{\"type\":\"record\",\"name\":\"Person\",\"fields\":[{\"name\":\"name\",\"type\":\"string\"}]}";
  static final String USER_V2 =
      "{\"type\":\"record\",\"name\":\"Person\",\"fields\":[{\"name\":\"name\",\"type\":\"string\"},"
          + "{\"name\":\"age\",\"type\":\"int\",\"default\":0}]}";

  private final FakeRegistry registry = new FakeRegistry();
  private final RecordDecoder decoder =
      new RecordDecoder(
          new SchemaRegistryClient(registry.settings(), new SimpleMeterRegistry()),
          ProtobufCodec.UNSUPPORTED);

  @AfterEach
  void stop() {
    registry.close();
  }

  static byte[] avro(
      String schemaText, int id, java.util.function.Consumer<GenericRecordBuilder> fields) {
    Schema schema = new Schema.Parser().parse(schemaText);
    GenericRecordBuilder builder = new GenericRecordBuilder(schema);
    fields.accept(builder);
    return WireFormat.frame(id, binary(schema, builder.build()));
  }

  static byte[] binary(Schema schema, Object datum) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    try {
      new GenericDatumWriter<>(schema).write(datum, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** The value as it appears in a record of an answer: {@code {"value":…}}. */
  private String render(SchemaType type, byte[] data) {
    StringWriter out = new StringWriter();
    try (JsonGenerator generator = new JsonFactory().createGenerator(out)) {
      generator.writeStartObject();
      generator.writeFieldName("value");
      decoder.write(generator, type, data);
      generator.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** The failure, after checking that nothing was written before it. */
  private SchemaException refusal(SchemaType type, byte[] data) {
    StringWriter out = new StringWriter();
    SchemaException e;
    try (JsonGenerator generator = new JsonFactory().createGenerator(out)) {
      e = catchThrowableOfType(SchemaException.class, () -> decoder.write(generator, type, data));
    } catch (IOException io) {
      throw new UncheckedIOException(io);
    }
    assertThat(e).as("refused").isNotNull();
    assertThat(out.toString()).as("written before the refusal").isEmpty();
    return e;
  }

  @Test
  void avroRendersAsTheRestProxyDoesWithUnionEnumBytesAndNestedRecord() {
    registry.schema(1, null, USER);
    Schema schema = new Schema.Parser().parse(USER);
    byte[] data =
        avro(
            USER,
            1,
            user ->
                user.set("name", "Ann")
                    .set("nickname", "annie")
                    .set(
                        "colour",
                        new GenericData.EnumSymbol(schema.getField("colour").schema(), "GREEN"))
                    .set("avatar", ByteBuffer.wrap(new byte[] {0, (byte) 0xFF, 'A'}))
                    .set(
                        "address",
                        new GenericRecordBuilder(schema.getField("address").schema())
                            .set("city", "Oslo")
                            .build()));

    String json = render(SchemaType.AVRO, data);

    assertThat(json)
        .isEqualTo(
            "{\"value\":{\"name\":\"Ann\",\"nickname\":{\"string\":\"annie\"},\"colour\":\"GREEN\","
                + "\"avatar\":\"\\u0000\u00ffA\",\"address\":{\"city\":\"Oslo\"}}}");
    assertThat(json).doesNotContain("\n");
  }

  @Test
  void avroNullBranchOfAUnionIsPlainNull() {
    registry.schema(1, null, USER);
    Schema schema = new Schema.Parser().parse(USER);
    byte[] data =
        avro(
            USER,
            1,
            user ->
                user.set("name", "Bo")
                    .set(
                        "colour",
                        new GenericData.EnumSymbol(schema.getField("colour").schema(), "RED"))
                    .set("avatar", ByteBuffer.wrap(new byte[0]))
                    .set(
                        "address",
                        new GenericRecordBuilder(schema.getField("address").schema())
                            .set("city", "Rome")
                            .build()));

    assertThat(render(SchemaType.AVRO, data)).contains("\"nickname\":null");
  }

  @Test
  void recordWrittenWithAnOlderSchemaRendersWithThatSchema() {
    registry.schema(1, null, USER_V1).schema(2, null, USER_V2);
    byte[] old = avro(USER_V1, 1, person -> person.set("name", "Ann"));
    byte[] current = avro(USER_V2, 2, person -> person.set("name", "Bo").set("age", 40));

    assertThat(render(SchemaType.AVRO, old)).isEqualTo("{\"value\":{\"name\":\"Ann\"}}");
    assertThat(render(SchemaType.AVRO, current))
        .isEqualTo("{\"value\":{\"name\":\"Bo\",\"age\":40}}");
  }

  @Test
  void nullDataIsJsonNull() {
    assertThat(render(SchemaType.AVRO, null)).isEqualTo("{\"value\":null}");
  }

  @Test
  void jsonSchemaPayloadIsWrittenCompactOnOneLine() {
    registry.schema(3, "JSON", "{\"type\":\"object\"}");
    byte[] data =
        WireFormat.frame(
            3, "{\n  \"a\": [1, 2],\n  \"b\": \"x\"\n}\n".getBytes(StandardCharsets.UTF_8));

    assertThat(render(SchemaType.JSON, data)).isEqualTo("{\"value\":{\"a\":[1,2],\"b\":\"x\"}}");
  }

  @Test
  void jsonSchemaPayloadThatIsNotOneDocumentIsUndecodable() {
    registry.schema(3, "JSON", "{\"type\":\"object\"}");

    SchemaException two =
        refusal(SchemaType.JSON, WireFormat.frame(3, "{} {}".getBytes(StandardCharsets.UTF_8)));
    SchemaException broken =
        refusal(SchemaType.JSON, WireFormat.frame(3, "{\"a\":".getBytes(StandardCharsets.UTF_8)));
    SchemaException empty = refusal(SchemaType.JSON, WireFormat.frame(3, new byte[0]));

    assertThat(List.of(two.kind(), broken.kind(), empty.kind())).containsOnly(Kind.UNDECODABLE);
    assertThat(two)
        .hasMessage(
            "not valid JSON for schema id 3: the payload holds more than one JSON document");
    assertThat(broken)
        .hasMessageStartingWith("not valid JSON for schema id 3: the payload is not JSON");
    assertThat(empty).hasMessage("not valid JSON for schema id 3: the payload is empty");
  }

  @Test
  void plainJsonIsNotInTheWireFormat() {
    SchemaException e = refusal(SchemaType.AVRO, "{\"a\":1}".getBytes(StandardCharsets.UTF_8));

    assertThat(e.kind()).isEqualTo(Kind.NOT_WIRE_FORMAT);
    assertThat(e).hasMessage("not in the Confluent wire format: first byte is 0x7b, not 0");
  }

  @Test
  void unknownSchemaIdIsNamed() {
    SchemaException e = refusal(SchemaType.AVRO, WireFormat.frame(42, new byte[] {2, 'a'}));

    assertThat(e.kind()).isEqualTo(Kind.SCHEMA_NOT_FOUND);
    assertThat(e).hasMessage("schema id 42 is not in the schema registry");
  }

  @Test
  void schemaOfAnotherTypeIsWrongType() {
    registry.schema(3, "JSON", "{\"type\":\"object\"}");

    SchemaException e =
        refusal(SchemaType.AVRO, WireFormat.frame(3, "{}".getBytes(StandardCharsets.UTF_8)));

    assertThat(e.kind()).isEqualTo(Kind.WRONG_TYPE);
    assertThat(e).hasMessage("schema id 3 is a JSON schema, not an Avro schema");
  }

  @Test
  void unreachableRegistryIsUnavailableNotARecordProblem() throws IOException {
    RecordDecoder cut =
        new RecordDecoder(
            new SchemaRegistryClient(
                FakeRegistry.settings(
                    List.of(SchemaRegistryClientTest.unusedUrl()), java.util.Optional.empty()),
                new SimpleMeterRegistry()),
            ProtobufCodec.UNSUPPORTED);
    StringWriter out = new StringWriter();

    SchemaException e =
        catchThrowableOfType(
            SchemaException.class,
            () ->
                cut.write(
                    new JsonFactory().createGenerator(out),
                    SchemaType.AVRO,
                    WireFormat.frame(1, new byte[] {0})));

    assertThat(e.kind()).isEqualTo(Kind.REGISTRY_UNAVAILABLE);
  }

  @Test
  void truncatedAvroIsUndecodable() {
    registry.schema(1, null, USER_V2);
    byte[] data = avro(USER_V2, 1, person -> person.set("name", "Ann").set("age", 300));
    byte[] cut = java.util.Arrays.copyOf(data, data.length - 1);

    SchemaException e = refusal(SchemaType.AVRO, cut);

    assertThat(e.kind()).isEqualTo(Kind.UNDECODABLE);
    assertThat(e)
        .hasMessage("not valid Avro for schema id 1 (the payload ends before the record does)");
  }

  @Test
  void hostileAvroLengthsAreRefusedBeforeAnythingIsAllocated() {
    // zig-zag varint for 1,000,000,000, then two bytes: Avro alone would allocate a gigabyte
    byte[] billion = {(byte) 0x80, (byte) 0xA8, (byte) 0xD6, (byte) 0xB9, 0x07, 2, 4};
    registry
        .schema(11, null, "\"string\"")
        .schema(12, null, "\"bytes\"")
        .schema(13, null, "{\"type\":\"array\",\"items\":\"int\"}")
        .schema(14, null, "{\"type\":\"array\",\"items\":\"null\"}")
        .schema(15, null, "{\"type\":\"map\",\"values\":\"int\"}");

    for (int id = 11; id <= 15; id++) {
      SchemaException e = refusal(SchemaType.AVRO, WireFormat.frame(id, billion));

      assertThat(e.kind()).as("schema %d", id).isEqualTo(Kind.UNDECODABLE);
      assertThat(e.getMessage()).as("schema %d", id).contains("claim");
    }
  }

  @Test
  void protobufIsUnsupportedUntilItsCodecIsPluggedIn() {
    registry.schema(4, "PROTOBUF", "syntax = \"proto3\"; message M { int32 a = 1; }");

    SchemaException e =
        refusal(SchemaType.PROTOBUF, WireFormat.frame(4, List.of(0), new byte[] {8, 1}));

    assertThat(e.kind()).isEqualTo(Kind.UNSUPPORTED);
    assertThat(e).hasMessage("Protobuf not supported yet");
  }

  @Test
  void protobufCodecGetsTheSchemaIndexesAndPayload() {
    registry.schema(4, "PROTOBUF", "syntax = \"proto3\"; message M { int32 a = 1; }");
    ProtobufCodec echo =
        new ProtobufCodec() {
          @Override
          public void write(
              JsonGenerator generator,
              RegisteredSchema schema,
              List<Integer> indexes,
              byte[] data,
              int offset)
              throws IOException {
            generator.writeString(schema.id() + " " + indexes + " " + (data.length - offset));
          }

          @Override
          public Encoded encode(
              RegisteredSchema schema, com.fasterxml.jackson.databind.JsonNode value) {
            throw new UnsupportedOperationException();
          }
        };
    RecordDecoder withCodec =
        new RecordDecoder(
            new SchemaRegistryClient(registry.settings(), new SimpleMeterRegistry()), echo);
    StringWriter out = new StringWriter();

    try (JsonGenerator generator = new JsonFactory().createGenerator(out)) {
      withCodec.write(
          generator, SchemaType.PROTOBUF, WireFormat.frame(4, List.of(1, 0), new byte[] {8, 1}));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }

    assertThat(out.toString()).isEqualTo("\"4 [1, 0] 2\"");
  }
}
