package io.sluice.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class WireFormatTest {
  private static byte[] bytes(int... values) {
    byte[] result = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      result[i] = (byte) values[i];
    }
    return result;
  }

  @Test
  void avroFrameGivesTheIdAndThePayloadAfterFiveBytes() {
    byte[] data = bytes(0, 0, 0, 1, 0x2A, 0x06, 'A', 'n', 'n');

    Frame frame = WireFormat.parse(data, SchemaType.AVRO);

    assertThat(frame).isEqualTo(new Frame(298, List.of(), 5));
  }

  @Test
  void protobufSingleZeroByteIsTheFirstMessage() {
    byte[] data = bytes(0, 0, 0, 0, 7, 0, 0x08, 0x01);

    Frame frame = WireFormat.parse(data, SchemaType.PROTOBUF);

    assertThat(frame).isEqualTo(new Frame(7, List.of(0), 6));
  }

  @Test
  void protobufExplicitIndexesAreZigZagVarints() {
    // count 2 -> 4, index 1 -> 2, index 0 -> 0
    byte[] data = bytes(0, 0, 0, 0, 7, 4, 2, 0, 0x08, 0x01);

    Frame frame = WireFormat.parse(data, SchemaType.PROTOBUF);

    assertThat(frame).isEqualTo(new Frame(7, List.of(1, 0), 8));
  }

  @Test
  void protobufIndexesAreNotReadForOtherTypes() {
    byte[] data = bytes(0, 0, 0, 0, 7, 4, 2, 0);

    assertThat(WireFormat.parse(data, SchemaType.JSON).payloadOffset()).isEqualTo(5);
  }

  @Test
  void wrongMagicByteIsNamed() {
    byte[] json = "{\"a\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    assertThatThrownBy(() -> WireFormat.parse(json, SchemaType.AVRO))
        .isInstanceOfSatisfying(
            SchemaException.class,
            e -> assertThat(e.kind()).isEqualTo(SchemaException.Kind.NOT_WIRE_FORMAT))
        .hasMessage("not in the Confluent wire format: first byte is 0x7b, not 0");
  }

  @Test
  void fewerThanFiveBytesAreRefused() {
    assertThatThrownBy(() -> WireFormat.parse(bytes(0, 0, 1), SchemaType.AVRO))
        .hasMessage("not in the Confluent wire format: shorter than 5 bytes (3)");
    assertThatThrownBy(() -> WireFormat.parse(new byte[0], SchemaType.JSON))
        .hasMessageContaining("shorter than 5 bytes (0)");
  }

  @Test
  void negativeMessageIndexCountIsRefused() {
    // zig-zag 5 is -3
    assertThatThrownBy(() -> WireFormat.parse(bytes(0, 0, 0, 0, 1, 5, 0), SchemaType.PROTOBUF))
        .hasMessage("not in the Confluent wire format: message-index count is -3");
  }

  @Test
  void countLargerThanTheRemainingBytesIsRefused() {
    // 0xFE 0xFF 0xFF 0xFF 0x07 is zig-zag for 2^30 - 1, and two bytes follow it
    byte[] data = bytes(0, 0, 0, 0, 1, 0xFE, 0xFF, 0xFF, 0xFF, 0x07, 2, 2);

    assertThatThrownBy(() -> WireFormat.parse(data, SchemaType.PROTOBUF))
        .hasMessage(
            "not in the Confluent wire format: message-index count is 1073741823 but only 2"
                + " bytes follow");
  }

  @Test
  void truncatedVarintsAreRefused() {
    assertThatThrownBy(() -> WireFormat.parse(bytes(0, 0, 0, 0, 1, 0x80), SchemaType.PROTOBUF))
        .hasMessage("not in the Confluent wire format: message-index count is a truncated varint");
    assertThatThrownBy(
            () -> WireFormat.parse(bytes(0, 0, 0, 0, 1, 4, 2, 0x81), SchemaType.PROTOBUF))
        .hasMessage("not in the Confluent wire format: message index is a truncated varint");
  }

  @Test
  void varintsLongerThanFiveBytesAreRefused() {
    byte[] data = bytes(0, 0, 0, 0, 1, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01, 0);

    assertThatThrownBy(() -> WireFormat.parse(data, SchemaType.PROTOBUF))
        .hasMessageContaining("message-index count is a varint longer than 5 bytes");
  }

  @Test
  void negativeMessageIndexIsRefused() {
    // count 1 -> 2, index -1 -> 1
    assertThatThrownBy(() -> WireFormat.parse(bytes(0, 0, 0, 0, 1, 2, 1), SchemaType.PROTOBUF))
        .hasMessageContaining("message index 0 is negative (-1)");
  }

  @Test
  void firstMessageIsFramedAsTheSingleZeroByte() {
    byte[] framed = WireFormat.frame(7, List.of(0), bytes(0x08, 0x01));

    assertThat(framed).containsExactly(0, 0, 0, 0, 7, 0, 0x08, 0x01);
  }

  @Test
  void nestedMessageIndexesAreFramedAsCountThenIndexes() {
    byte[] framed = WireFormat.frame(7, List.of(1, 0), bytes(0x08));

    assertThat(framed).containsExactly(0, 0, 0, 0, 7, 4, 2, 0, 0x08);
  }

  @Property
  void framedPayloadParsesBackToItsIdAndPayload(@ForAll int id, @ForAll byte[] payload) {
    byte[] framed = WireFormat.frame(id, payload);

    Frame frame = WireFormat.parse(framed, SchemaType.AVRO);

    assertThat(frame.schemaId()).isEqualTo(id);
    assertThat(Arrays.copyOfRange(framed, frame.payloadOffset(), framed.length)).isEqualTo(payload);
  }

  @Property
  void framedProtobufParsesBackToItsIndexes(
      @ForAll int id,
      @ForAll @Size(min = 1, max = 6) List<@IntRange(min = 0) Integer> indexes,
      @ForAll byte[] payload) {
    byte[] framed = WireFormat.frame(id, indexes, payload);

    Frame frame = WireFormat.parse(framed, SchemaType.PROTOBUF);

    assertThat(frame.schemaId()).isEqualTo(id);
    assertThat(frame.messageIndexes()).isEqualTo(indexes);
    assertThat(Arrays.copyOfRange(framed, frame.payloadOffset(), framed.length)).isEqualTo(payload);
  }

  @Property
  void arbitraryBytesParseOrAreRefusedAsNotWireFormat(@ForAll byte[] data) {
    try {
      Frame frame = WireFormat.parse(data, SchemaType.PROTOBUF);
      assertThat(frame.payloadOffset()).isBetween(6, data.length);
    } catch (SchemaException e) {
      assertThat(e.kind()).isEqualTo(SchemaException.Kind.NOT_WIRE_FORMAT);
    }
  }
}
