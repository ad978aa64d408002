package io.sluice.schema;

/**
 * Data that does not fit its Protobuf message type: payload bytes that do not decode as the
 * message, or JSON that does not describe one. The message names the type and the problem.
 */
public final class ProtobufDataException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ProtobufDataException(String message, Throwable cause) {
    super(message, cause);
  }
}
