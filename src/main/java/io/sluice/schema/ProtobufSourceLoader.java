package io.sluice.schema;

import com.google.protobuf.AnyProto;
import com.google.protobuf.ApiProto;
import com.google.protobuf.DescriptorProtos;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DurationProto;
import com.google.protobuf.EmptyProto;
import com.google.protobuf.FieldMaskProto;
import com.google.protobuf.SourceContextProto;
import com.google.protobuf.StructProto;
import com.google.protobuf.TimestampProto;
import com.google.protobuf.TypeProto;
import com.google.protobuf.WrappersProto;
import com.squareup.wire.schema.CoreLoader;
import com.squareup.wire.schema.CoreLoaderKt;
import com.squareup.wire.schema.ErrorCollector;
import com.squareup.wire.schema.Loader;
import com.squareup.wire.schema.Location;
import com.squareup.wire.schema.ProtoFile;
import com.squareup.wire.schema.internal.parser.ProtoParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Hands Wire's linker the one schema file and, for its imports, the well-known {@code
 * google/protobuf/*.proto} files; any other import is refused, as schema references are not
 * supported. Used by one link on one thread.
 */
final class ProtobufSourceLoader implements Loader {
  /** The name the schema file gets in its descriptor; imports are resolved relative to nothing. */
  static final String PATH = "schema.proto";

  /** The files a schema may import, as protobuf-java has them compiled in. */
  static final Map<String, FileDescriptor> WELL_KNOWN =
      Map.ofEntries(
          Map.entry("google/protobuf/any.proto", AnyProto.getDescriptor()),
          Map.entry("google/protobuf/api.proto", ApiProto.getDescriptor()),
          Map.entry("google/protobuf/descriptor.proto", DescriptorProtos.getDescriptor()),
          Map.entry("google/protobuf/duration.proto", DurationProto.getDescriptor()),
          Map.entry("google/protobuf/empty.proto", EmptyProto.getDescriptor()),
          Map.entry("google/protobuf/field_mask.proto", FieldMaskProto.getDescriptor()),
          Map.entry("google/protobuf/source_context.proto", SourceContextProto.getDescriptor()),
          Map.entry("google/protobuf/struct.proto", StructProto.getDescriptor()),
          Map.entry("google/protobuf/timestamp.proto", TimestampProto.getDescriptor()),
          Map.entry("google/protobuf/type.proto", TypeProto.getDescriptor()),
          Map.entry("google/protobuf/wrappers.proto", WrappersProto.getDescriptor()));

  private final ProtoFile source;

  ProtobufSourceLoader(ProtoFile source) {
    this.source = source;
  }

  static ProtobufSchemaException unsupportedImport(String path) {
    return new ProtobufSchemaException(
        "The Protobuf schema imports \""
            + path
            + "\"; only the well-known google/protobuf/*.proto files can be imported (schema"
            + " references are not supported)");
  }

  @Override
  public ProtoFile load(String path) {
    if (path.equals(PATH)) {
      return source;
    }
    // Wire ships a few of the well-known files (and its own options, which every link loads).
    if (CoreLoaderKt.isWireRuntimeProto(path)) {
      return CoreLoader.INSTANCE.load(path);
    }
    // protobuf-java ships the source of the others beside their compiled descriptors.
    if (WELL_KNOWN.containsKey(path)) {
      return ProtoFile.Companion.get(
          ProtoParser.Companion.parse(Location.get(path), resource(path)));
    }
    throw unsupportedImport(path);
  }

  @Override
  public Loader withErrors(ErrorCollector errors) {
    return this;
  }

  private static String resource(String path) {
    try (InputStream in = FileDescriptor.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw unsupportedImport(path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
