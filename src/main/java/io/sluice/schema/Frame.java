package io.sluice.schema;

import java.util.List;

/**
 * The header of a record in the Confluent wire format.
 *
 * @param schemaId the registry's id of the schema the payload was written with
 * @param messageIndexes for Protobuf, the path to the message type in the schema ({@code [0]} is
 *     the first top-level message); empty for Avro and JSON Schema
 * @param payloadOffset where the payload starts in the framed bytes
 */
public record Frame(int schemaId, List<Integer> messageIndexes, int payloadOffset) {
  public Frame {
    messageIndexes = List.copyOf(messageIndexes);
  }
}
