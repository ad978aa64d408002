package io.sluice.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Small Avro records crafted to cost the gateway its stack or its heap are refused instead. */
class HostileAvroTest {
  @Test
  void aRecordNestingDeeperThanTheLimitIsUndecodableNotAStackOverflow() {
    RegisteredSchema linked =
        RegisteredSchema.parse(
            1,
            SchemaType.AVRO,
            "{\"type\":\"record\",\"name\":\"N\",\"fields\":[{\"name\":\"next\",\"type\":[\"null\",\"N\"]}]}",
            Map.of());
    byte[] payload = new byte[5_000];
    // Union branch 1 (zig-zag 2) again and again: a kilobyte or so nests thousands deep.
    Arrays.fill(payload, (byte) 0x02);

    assertThatThrownBy(() -> AvroCodec.toJson(linked, payload, 0))
        .isInstanceOfSatisfying(
            SchemaException.class,
            e -> assertThat(e.kind()).isEqualTo(SchemaException.Kind.UNDECODABLE))
        .hasMessageContaining("nests deeper than " + BoundedDatumReader.MAX_DEPTH);
  }

  @Test
  void aRecordThatRendersToFarMoreJsonThanItsBytesIsUndecodable() {
    StringBuilder fields = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      fields
          .append(i == 0 ? "" : ",")
          .append("{\"name\":\"field_")
          .append(i)
          .append("\",\"type\":\"null\"}");
    }
    RegisteredSchema wide =
        RegisteredSchema.parse(
            2,
            SchemaType.AVRO,
            "{\"type\":\"array\",\"items\":{\"type\":\"record\",\"name\":\"Wide\",\"fields\":["
                + fields
                + "]}}",
            Map.of());
    // One block of 1,000 records of nulls (zig-zag varint 2,000), then the end of the array: 3
    // bytes, within the item bound, that would render to some 3 MB of JSON.
    byte[] payload = {(byte) 0xD0, (byte) 0x0F, 0};

    assertThatThrownBy(() -> AvroCodec.toJson(wide, payload, 0))
        .isInstanceOf(SchemaException.class)
        .hasMessageContaining("renders to more than");
    // The encoder that gave up halfway is not reused: the next record of the schema renders.
    assertThat(new String(AvroCodec.toJson(wide, new byte[] {2, 0}, 0), StandardCharsets.UTF_8))
        .startsWith("[{\"field_0\":null,")
        .endsWith("\"field_199\":null}]");
    assertThat(new String(AvroCodec.toJson(wide, new byte[] {0}, 0), StandardCharsets.UTF_8))
        .isEqualTo("[]");
  }
}
