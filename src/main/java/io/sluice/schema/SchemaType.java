package io.sluice.schema;

import java.util.Optional;

/** The kinds of schema a Confluent-compatible registry holds, by their registry names. */
public enum SchemaType {
  AVRO("Avro"),
  JSON("JSON"),
  PROTOBUF("Protobuf");

  private final String displayName;

  SchemaType(String displayName) {
    this.displayName = displayName;
  }

  /** {@code Avro}, {@code JSON} or {@code Protobuf}, for messages. */
  public String displayName() {
    return displayName;
  }

  /** The registry's {@code schemaType}; absent (null) means AVRO, as the registry API says. */
  static Optional<SchemaType> fromRegistry(String schemaType) {
    if (schemaType == null || schemaType.isEmpty()) {
      return Optional.of(AVRO);
    }
    for (SchemaType type : values()) {
      if (type.name().equals(schemaType)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
