package io.sluice.schema;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Protobuf payloads to JSON and back, in the Protobuf JSON mapping that the Confluent REST Proxy
 * answers with: field names in lowerCamelCase (or their {@code json_name}), 64-bit integers as
 * strings, enums by name, bytes in base64, well-known types in their own JSON forms, on one line.
 * Unset fields are written at their default as the REST Proxy writes them (its printer includes
 * default values): scalars and enums ({@code 0}, {@code ""}, {@code false}, the first value),
 * proto2 {@code optional} scalars too, and empty repeated fields and maps; unset message fields,
 * oneof members and proto3 {@code optional} fields are left out.
 *
 * <p>Pure functions, safe from any thread. A payload here is the Protobuf bytes alone, after the
 * wire format's magic byte, schema id and message indexes.
 */
public final class ProtobufJson {
  // Confluent prints with includingDefaultValueFields(). Its successor,
  // alwaysPrintFieldsWithNoPresence(), would leave unset proto2 optional scalars out, so answers
  // would differ from the REST Proxy's for proto2 schemas; proto3 output is the same with either.
  @SuppressWarnings("deprecation")
  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().includingDefaultValueFields().omittingInsignificantWhitespace();

  private static final JsonFormat.Parser PARSER = JsonFormat.parser();

  private ProtobufJson() {}

  /**
   * The payload as a JSON document of one line: the buffer's remaining bytes, read without moving
   * its position.
   *
   * @throws ProtobufDataException if the bytes are not a message of this type (malformed, a wrong
   *     wire type for a field, invalid UTF-8 in a proto3 string, a proto2 required field missing),
   *     or it holds a {@code google.protobuf.Any}, which is not rendered
   */
  public static String toJson(Descriptor type, ByteBuffer payload) {
    DynamicMessage message;
    try {
      message = DynamicMessage.parseFrom(type, CodedInputStream.newInstance(payload));
    } catch (IOException e) {
      // InvalidProtocolBufferException: a buffer is read without any other I/O.
      throw new ProtobufDataException(
          "The payload is not a Protobuf " + type.getFullName() + ": " + e.getMessage(), e);
    }
    RenderLimit.Text json = new RenderLimit.Text(RenderLimit.of(payload.remaining()));
    try {
      PRINTER.appendTo(message, json);
      return json.toString();
    } catch (RenderLimit.Exceeded e) {
      throw new ProtobufDataException(
          "The Protobuf " + type.getFullName() + " " + e.getMessage(), e);
    } catch (IOException e) {
      throw new ProtobufDataException(
          "The Protobuf " + type.getFullName() + " cannot be written as JSON: " + e.getMessage(),
          e);
    }
  }

  /** As {@link #toJson(Descriptor, ByteBuffer)}, for the whole array. */
  public static String toJson(Descriptor type, byte[] payload) {
    return toJson(type, ByteBuffer.wrap(payload));
  }

  /**
   * The payload for a JSON document of the message (as produce requests carry it): a JSON object in
   * the Protobuf JSON mapping, which accepts the proto field names as well as the JSON names.
   *
   * @throws ProtobufDataException if the JSON is malformed or does not describe a message of this
   *     type (an unknown field, a value of the wrong kind, an unknown enum name, a proto2 required
   *     field missing); the message names the type and the parser's complaint
   */
  public static byte[] fromJson(Descriptor type, String json) {
    DynamicMessage.Builder builder = DynamicMessage.newBuilder(type);
    try {
      PARSER.merge(json, builder);
      return builder.build().toByteArray();
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      // RuntimeException: build() on a missing proto2 required field, and whatever of Gson's and
      // its own failures the parser lets through unwrapped.
      throw new ProtobufDataException(
          "The JSON does not fit Protobuf message " + type.getFullName() + ": " + e.getMessage(),
          e);
    }
  }
}
