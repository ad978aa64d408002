package io.sluice.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class RecordRendererTest {
  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static ConsumerRecord<byte[], byte[]> record(byte[] key, byte[] value, RecordHeaders h) {
    return new ConsumerRecord<>(
        "t",
        2,
        41,
        1700000000000L,
        TimestampType.CREATE_TIME,
        -1,
        -1,
        key,
        value,
        h,
        Optional.empty());
  }

  private static String render(EmbeddedFormat format, ConsumerRecord<byte[], byte[]> record) {
    try (RecordRenderer renderer = new RecordRenderer(RecordFormat.of(format))) {
      return new String(renderer.render(record), StandardCharsets.UTF_8);
    }
  }

  @Test
  void binaryIsBase64WithHeaders() {
    RecordHeaders headers = new RecordHeaders();
    headers.add(new RecordHeader("h", utf8("hi")));
    headers.add(new RecordHeader("empty", null));

    String json = render(EmbeddedFormat.BINARY, record(new byte[] {1, 2}, utf8("abc"), headers));

    assertThat(json)
        .isEqualTo(
            "{\"topic\":\"t\",\"key\":\"AQI=\",\"value\":\"YWJj\",\"partition\":2,\"offset\":41,"
                + "\"timestamp\":1700000000000,\"headers\":[{\"key\":\"h\",\"value\":\"aGk=\"},"
                + "{\"key\":\"empty\",\"value\":null}]}");
  }

  @Test
  void jsonEmbedsTheDocumentAsItIsAndNullsStayNull() {
    String json =
        render(
            EmbeddedFormat.JSON, record(null, utf8(" {\"a\": [1, true]} "), new RecordHeaders()));

    assertThat(json)
        .isEqualTo(
            "{\"topic\":\"t\",\"key\":null,\"value\": {\"a\": [1, true]} ,\"partition\":2,"
                + "\"offset\":41,\"timestamp\":1700000000000}");
  }

  @Test
  void jsonWithLineBreaksOrNonAsciiTextIsWrittenAgainCompactInUtf8() {
    String json =
        render(
            EmbeddedFormat.JSON,
            record(null, utf8("{\n  \"ключ\": \"знач\"\r\n}"), new RecordHeaders()));

    assertThat(json).contains("\"value\":{\"ключ\":\"знач\"},");
  }

  @Test
  void oneRendererRendersEachRecordOnItsOwnLine() {
    try (RecordRenderer renderer = new RecordRenderer(RecordFormat.of(EmbeddedFormat.JSON))) {
      String first =
          new String(
              renderer.render(record(null, utf8("{\n  \"a\": 1\n}"), new RecordHeaders())),
              StandardCharsets.UTF_8);
      String second =
          new String(
              renderer.render(record(utf8("k"), utf8("2"), new RecordHeaders())),
              StandardCharsets.UTF_8);

      assertThat(first).startsWith("{\"topic\"").endsWith("}").doesNotContain("\n");
      assertThat(first).contains("\"value\":{\"a\":1}");
      assertThat(second).startsWith("{\"topic\"").contains("\"key\":\"k\",\"value\":2");
    }
  }

  @Test
  void textIsAUtf8String() {
    String json =
        render(
            EmbeddedFormat.TEXT, record(utf8("ключ"), utf8("\"quoted\"\n"), new RecordHeaders()));

    assertThat(json).contains("\"key\":\"ключ\"").contains("\"value\":\"\\\"quoted\\\"\\n\"");
  }

  @Test
  void unrenderableDataIsExplained() {
    assertThat(EmbeddedFormat.JSON.unrenderable(utf8("{oops"))).startsWith("it is not valid JSON");
    assertThat(EmbeddedFormat.JSON.unrenderable(utf8("1 2"))).contains("more than one");
    assertThat(EmbeddedFormat.JSON.unrenderable(new byte[0])).contains("empty");
    assertThat(EmbeddedFormat.TEXT.unrenderable(new byte[] {(byte) 0xC3, (byte) 0x28}))
        .contains("UTF-8");
    assertThat(EmbeddedFormat.BINARY.unrenderable(new byte[] {(byte) 0xC3})).isNull();
    assertThat(EmbeddedFormat.JSON.unrenderable(null)).isNull();
    assertThat(EmbeddedFormat.JSON.unrenderable(utf8("{\"ok\":1}"))).isNull();
  }

  @Test
  void formatNamesIncludeTheStringAlias() {
    assertThat(EmbeddedFormat.fromName("string")).contains(EmbeddedFormat.TEXT);
    assertThat(EmbeddedFormat.fromName("JSON")).contains(EmbeddedFormat.JSON);
    assertThat(EmbeddedFormat.fromName("AVRO")).contains(EmbeddedFormat.AVRO);
    assertThat(EmbeddedFormat.fromName("xml")).isEmpty();
  }
}
