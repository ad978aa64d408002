package io.sluice.schema;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.squareup.wire.schema.ErrorCollector;
import com.squareup.wire.schema.Linker;
import com.squareup.wire.schema.Location;
import com.squareup.wire.schema.ProtoFile;
import com.squareup.wire.schema.Schema;
import com.squareup.wire.schema.internal.parser.ProtoParser;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * Protobuf schemas as the registry gives them, made into protobuf-java descriptors, and the message
 * type a record's message indexes name.
 *
 * <p>Pure functions, safe from any thread. {@link #parse} costs milliseconds (it parses and links
 * {@code descriptor.proto} each time): cache its result per schema id.
 */
public final class ProtobufSchemas {
  private static final String PATH = ProtobufSourceLoader.PATH;

  private ProtobufSchemas() {}

  /**
   * A registry schema made into a file, and the full names of the map entry messages its text
   * declares itself ({@code option map_entry = true}), which message indexes count as the
   * serializers that wrote them do; the entries of {@code map<K, V>} fields are not declared.
   */
  public record ProtobufFile(FileDescriptor descriptor, Set<String> declaredMapEntries) {}

  /**
   * The file a registry schema describes. The schema is {@code .proto} text; text that does not
   * parse as such but is the base64 of a serialized {@code FileDescriptorProto} is taken as that.
   * Nested types stay nested, with their full names ({@code pkg.Outer.Inner}). Imports may name
   * only the well-known {@code google/protobuf/*.proto} files.
   *
   * @throws ProtobufSchemaException if the text is neither, does not link (unknown type, duplicate
   *     field number, …), or imports any other file; the message carries the parser's words and
   *     position
   */
  public static ProtobufFile parseFile(String schema) {
    ProtoFile source;
    try {
      source = ProtoFile.Companion.get(ProtoParser.Companion.parse(Location.get(PATH), schema));
    } catch (RuntimeException notProto) {
      FileDescriptorProto serialized = base64Descriptor(schema);
      if (serialized == null) {
        throw new ProtobufSchemaException(
            "The Protobuf schema is neither .proto text nor a base64 FileDescriptorProto: "
                + notProto.getMessage(),
            notProto);
      }
      return new ProtobufFile(build(serialized), Set.of());
    }
    return new ProtobufFile(
        build(ProtobufDescriptorBuilder.build(link(source), source)),
        ProtobufDescriptorBuilder.declaredMapEntries(source));
  }

  /** The descriptor of {@link #parseFile}. */
  public static FileDescriptor parse(String schema) {
    return parseFile(schema).descriptor();
  }

  private static Schema link(ProtoFile source) {
    Linker linker =
        new Linker(new ProtobufSourceLoader(source), new ErrorCollector(), false, false);
    try {
      return linker.link(List.of(source));
    } catch (ProtobufSchemaException e) {
      throw e;
    } catch (RuntimeException e) {
      // Wire's SchemaException lists every problem, each with its line and column.
      throw new ProtobufSchemaException("The Protobuf schema is not valid: " + e.getMessage(), e);
    }
  }

  /** The descriptor the text is the base64 of, or null if it is not such text. */
  private static FileDescriptorProto base64Descriptor(String schema) {
    try {
      byte[] bytes = Base64.getDecoder().decode(schema.strip());
      return bytes.length == 0 ? null : FileDescriptorProto.parseFrom(bytes);
    } catch (IllegalArgumentException | InvalidProtocolBufferException e) {
      return null;
    }
  }

  private static FileDescriptor build(FileDescriptorProto proto) {
    List<FileDescriptor> dependencies = new ArrayList<>();
    for (String path : proto.getDependencyList()) {
      FileDescriptor known = ProtobufSourceLoader.WELL_KNOWN.get(path);
      if (known == null) {
        throw ProtobufSourceLoader.unsupportedImport(path);
      }
      dependencies.add(known);
    }
    try {
      return FileDescriptor.buildFrom(proto, dependencies.toArray(FileDescriptor[]::new));
    } catch (DescriptorValidationException e) {
      throw new ProtobufSchemaException("The Protobuf schema is not valid: " + e.getMessage(), e);
    }
  }

  /**
   * The message type that a record's message indexes name: a path into the file's message types, as
   * the Confluent wire format writes it. {@code [0]} is the first top-level message, {@code [1, 0]}
   * the first message nested in the second. An empty path means {@code [0]}, as the wire format's
   * lone {@code 0} does. Indexes count the messages the {@code .proto} text declares, as
   * Confluent's serializers count them: not the entry types of {@code map<K, V>} fields, but the
   * entry messages a text declares itself ({@link ProtobufFile#declaredMapEntries()}).
   *
   * @throws ProtobufSchemaException if an index is negative or past the messages declared at its
   *     depth; the message names the index, the depth and how many there are
   */
  public static Descriptor messageFor(ProtobufFile file, List<Integer> indexes) {
    List<Integer> path = indexes.isEmpty() ? List.of(0) : indexes;
    Set<String> counted = file.declaredMapEntries();
    FileDescriptor descriptor = file.descriptor();
    List<Descriptor> declared = declared(descriptor.getMessageTypes(), counted);
    String scope =
        descriptor.getPackage().isEmpty() ? "the schema" : "package " + descriptor.getPackage();
    Descriptor found = null;
    for (int depth = 0; depth < path.size(); depth++) {
      int index = path.get(depth);
      if (index < 0 || index >= declared.size()) {
        throw new ProtobufSchemaException(
            "Message indexes "
                + path
                + " name no message of the schema: "
                + scope
                + " declares "
                + declared.size()
                + " message type(s), and index "
                + index
                + " (at depth "
                + depth
                + ") is not one of them");
      }
      found = declared.get(index);
      declared = declared(found.getNestedTypes(), counted);
      scope = found.getFullName();
    }
    return found;
  }

  /** As {@link #messageFor(ProtobufFile, List)}, for a file whose text declares no map entry. */
  public static Descriptor messageFor(FileDescriptor file, List<Integer> indexes) {
    return messageFor(new ProtobufFile(file, Set.of()), indexes);
  }

  private static List<Descriptor> declared(List<Descriptor> types, Set<String> mapEntries) {
    return types.stream()
        .filter(t -> !t.getOptions().getMapEntry() || mapEntries.contains(t.getFullName()))
        .toList();
  }
}
