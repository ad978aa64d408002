package io.sluice.schema;

/**
 * A Protobuf schema that cannot be used: its text is neither {@code .proto} source nor a base64
 * {@code FileDescriptorProto}, it does not link (an unknown type, a duplicate field number, an
 * import other than a well-known {@code google/protobuf/*.proto}), or a record's message indexes
 * point at no message of it. The message says which, and where.
 */
public final class ProtobufSchemaException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ProtobufSchemaException(String message) {
    super(message);
  }

  ProtobufSchemaException(String message, Throwable cause) {
    super(message, cause);
  }
}
