package io.sluice.schema;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumOptions;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FieldOptions;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MessageOptions;
import com.google.protobuf.DescriptorProtos.OneofDescriptorProto;
import com.google.protobuf.TextFormat;
import com.squareup.wire.Syntax;
import com.squareup.wire.schema.EnumConstant;
import com.squareup.wire.schema.EnumType;
import com.squareup.wire.schema.Field;
import com.squareup.wire.schema.Location;
import com.squareup.wire.schema.MessageType;
import com.squareup.wire.schema.OneOf;
import com.squareup.wire.schema.ProtoFile;
import com.squareup.wire.schema.ProtoType;
import com.squareup.wire.schema.Schema;
import com.squareup.wire.schema.internal.parser.OptionElement;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a file of a linked Wire {@link Schema} as the {@link FileDescriptorProto} that protoc
 * writes for it: nested types stay nested under their parent, every type name is fully qualified,
 * maps become {@code map_entry} nested types named as protoc names them, proto3 {@code optional}
 * fields get their synthetic oneofs. A message that declares {@code option map_entry = true} itself
 * is a map entry too: Confluent's and Apicurio's serializers write maps so when they register a
 * schema made from a descriptor ({@code repeated LabelsEntry labels = 7;} beside {@code message
 * LabelsEntry { option map_entry = true; … }}). What decoding and JSON need is written; services,
 * extensions and options other than {@code packed}, {@code deprecated}, {@code allow_alias} and
 * {@code map_entry} are not.
 */
final class ProtobufDescriptorBuilder {
  private static final Map<ProtoType, Type> SCALARS =
      Map.ofEntries(
          Map.entry(ProtoType.BOOL, Type.TYPE_BOOL),
          Map.entry(ProtoType.BYTES, Type.TYPE_BYTES),
          Map.entry(ProtoType.DOUBLE, Type.TYPE_DOUBLE),
          Map.entry(ProtoType.FLOAT, Type.TYPE_FLOAT),
          Map.entry(ProtoType.FIXED32, Type.TYPE_FIXED32),
          Map.entry(ProtoType.FIXED64, Type.TYPE_FIXED64),
          Map.entry(ProtoType.INT32, Type.TYPE_INT32),
          Map.entry(ProtoType.INT64, Type.TYPE_INT64),
          Map.entry(ProtoType.SFIXED32, Type.TYPE_SFIXED32),
          Map.entry(ProtoType.SFIXED64, Type.TYPE_SFIXED64),
          Map.entry(ProtoType.SINT32, Type.TYPE_SINT32),
          Map.entry(ProtoType.SINT64, Type.TYPE_SINT64),
          Map.entry(ProtoType.STRING, Type.TYPE_STRING),
          Map.entry(ProtoType.UINT32, Type.TYPE_UINT32),
          Map.entry(ProtoType.UINT64, Type.TYPE_UINT64));

  private static final Comparator<Nested> SOURCE_ORDER =
      Comparator.comparingInt((Nested n) -> n.at().getLine())
          .thenComparingInt(n -> n.at().getColumn());

  private final Schema schema;
  private final boolean proto3;

  private ProtobufDescriptorBuilder(Schema schema, ProtoFile file) {
    this.schema = schema;
    this.proto3 = file.getSyntax() == Syntax.PROTO_3;
  }

  static FileDescriptorProto build(Schema schema, ProtoFile file) {
    return new ProtobufDescriptorBuilder(schema, file).file(file);
  }

  private FileDescriptorProto file(ProtoFile file) {
    FileDescriptorProto.Builder b =
        FileDescriptorProto.newBuilder().setName(file.getLocation().getPath());
    if (file.getPackageName() != null) {
      b.setPackage(file.getPackageName());
    }
    if (proto3) {
      b.setSyntax("proto3");
    }
    b.addAllDependency(file.getImports());
    for (String publicImport : file.getPublicImports()) {
      b.addPublicDependency(b.getDependencyCount());
      b.addDependency(publicImport);
    }
    for (com.squareup.wire.schema.Type type : file.getTypes()) {
      if (type instanceof MessageType message) {
        b.addMessageType(message(message));
      } else if (type instanceof EnumType enumType) {
        b.addEnumType(enumType(enumType));
      }
    }
    return b.build();
  }

  /** A nested message type and where it is declared: protoc lists them in source order. */
  private record Nested(Location at, DescriptorProto proto) {}

  private DescriptorProto message(MessageType type) {
    DescriptorProto.Builder b = DescriptorProto.newBuilder().setName(type.getName());
    if (declaresMapEntry(type)) {
      b.setOptions(MessageOptions.newBuilder().setMapEntry(true));
    }
    List<Nested> nested = new ArrayList<>();

    Map<Field, Integer> oneofIndexes = new HashMap<>();
    for (OneOf oneOf : type.getOneOfs()) {
      for (Field field : oneOf.getFields()) {
        oneofIndexes.put(field, b.getOneofDeclCount());
      }
      b.addOneofDecl(OneofDescriptorProto.newBuilder().setName(oneOf.getName()));
    }

    // Not getFieldsAndOneOfFields(): Wire adds the fields of extend blocks there.
    List<Field> fields = new ArrayList<>(type.getDeclaredFields());
    type.getOneOfs().forEach(oneOf -> fields.addAll(oneOf.getFields()));
    fields.sort(
        Comparator.comparingInt((Field f) -> f.getLocation().getLine())
            .thenComparingInt(f -> f.getLocation().getColumn()));
    for (Field field : fields) {
      FieldDescriptorProto.Builder fb = field(field);
      if (oneofIndexes.containsKey(field)) {
        fb.setOneofIndex(oneofIndexes.get(field));
      } else if (proto3 && field.getLabel() == Field.Label.OPTIONAL) {
        // protoc puts a proto3 optional field alone in a synthetic oneof, after the real ones.
        fb.setProto3Optional(true).setOneofIndex(b.getOneofDeclCount());
        b.addOneofDecl(OneofDescriptorProto.newBuilder().setName("_" + field.getName()));
      }
      ProtoType fieldType = field.getType();
      if (fieldType.isMap()) {
        DescriptorProto entry = mapEntry(field);
        nested.add(new Nested(field.getLocation(), entry));
        fb.setLabel(Label.LABEL_REPEATED)
            .setType(Type.TYPE_MESSAGE)
            .setTypeName("." + type.getType() + "." + entry.getName());
      }
      b.addField(fb);
    }

    for (com.squareup.wire.schema.Type child : type.getNestedTypes()) {
      if (child instanceof MessageType message) {
        nested.add(new Nested(message.getLocation(), message(message)));
      } else if (child instanceof EnumType enumType) {
        b.addEnumType(enumType(enumType));
      }
    }
    nested.sort(SOURCE_ORDER);
    nested.forEach(n -> b.addNestedType(n.proto()));
    return b.build();
  }

  /** The full names of the messages in the file that declare {@code option map_entry = true}. */
  static Set<String> declaredMapEntries(ProtoFile file) {
    Set<String> names = new HashSet<>();
    addDeclaredMapEntries(file.getTypes(), names);
    return Set.copyOf(names);
  }

  private static void addDeclaredMapEntries(
      List<com.squareup.wire.schema.Type> types, Set<String> names) {
    for (com.squareup.wire.schema.Type type : types) {
      if (type instanceof MessageType message && declaresMapEntry(message)) {
        names.add(message.getType().toString());
      }
      addDeclaredMapEntries(type.getNestedTypes(), names);
    }
  }

  private static boolean declaresMapEntry(MessageType type) {
    return type.getOptions().getElements().stream()
        .anyMatch(
            option ->
                option.getName().equals("map_entry")
                    && Boolean.parseBoolean(String.valueOf(option.getValue())));
  }

  private FieldDescriptorProto.Builder field(Field field) {
    FieldDescriptorProto.Builder b =
        FieldDescriptorProto.newBuilder().setName(field.getName()).setNumber(field.getTag());
    if (field.isRepeated()) {
      b.setLabel(Label.LABEL_REPEATED);
    } else if (field.isRequired()) {
      b.setLabel(Label.LABEL_REQUIRED);
    } else {
      b.setLabel(Label.LABEL_OPTIONAL);
    }
    if (!field.getType().isMap()) {
      setType(b, field.getType());
    }
    if (field.getDeclaredJsonName() != null) {
      b.setJsonName(field.getDeclaredJsonName());
    }
    if (field.getDefault() != null) {
      b.setDefaultValue(
          b.getType() == Type.TYPE_BYTES
              // descriptor.proto wants bytes C-escaped; Wire hands the unescaped literal.
              ? TextFormat.escapeBytes(
                  ByteString.copyFrom(field.getDefault(), StandardCharsets.ISO_8859_1))
              : field.getDefault());
    }
    FieldOptions.Builder options = FieldOptions.newBuilder();
    for (OptionElement option : field.getOptions().getElements()) {
      // Only an explicit packed option: proto3 packs by default, proto2 does not.
      if (option.getName().equals("packed")) {
        options.setPacked(Boolean.parseBoolean(String.valueOf(option.getValue())));
      }
    }
    if (field.isDeprecated()) {
      options.setDeprecated(true);
    }
    if (options.hasPacked() || options.hasDeprecated()) {
      b.setOptions(options);
    }
    return b;
  }

  private void setType(FieldDescriptorProto.Builder b, ProtoType type) {
    Type scalar = SCALARS.get(type);
    if (scalar != null) {
      b.setType(scalar);
      return;
    }
    b.setTypeName("." + type);
    b.setType(schema.getType(type) instanceof EnumType ? Type.TYPE_ENUM : Type.TYPE_MESSAGE);
  }

  /**
   * The nested type protoc declares for a map field: {@code FieldNameEntry {key = 1; value = 2}}.
   */
  private DescriptorProto mapEntry(Field field) {
    FieldDescriptorProto.Builder key =
        FieldDescriptorProto.newBuilder()
            .setName("key")
            .setNumber(1)
            .setLabel(Label.LABEL_OPTIONAL);
    setType(key, field.getType().getKeyType());
    FieldDescriptorProto.Builder value =
        FieldDescriptorProto.newBuilder()
            .setName("value")
            .setNumber(2)
            .setLabel(Label.LABEL_OPTIONAL);
    setType(value, field.getType().getValueType());
    return DescriptorProto.newBuilder()
        .setName(mapEntryName(field.getName()))
        .addField(key)
        .addField(value)
        .setOptions(MessageOptions.newBuilder().setMapEntry(true))
        .build();
  }

  /** protoc's name for a map field's entry type: {@code tags_by_id} → {@code TagsByIdEntry}. */
  static String mapEntryName(String fieldName) {
    StringBuilder name = new StringBuilder(fieldName.length() + 5);
    boolean upperNext = true;
    for (char c : fieldName.toCharArray()) {
      if (c == '_') {
        upperNext = true;
      } else if (upperNext) {
        name.append(c >= 'a' && c <= 'z' ? (char) (c - 'a' + 'A') : c);
        upperNext = false;
      } else {
        name.append(c);
      }
    }
    return name.append("Entry").toString();
  }

  private static EnumDescriptorProto enumType(EnumType type) {
    EnumDescriptorProto.Builder b = EnumDescriptorProto.newBuilder().setName(type.getName());
    for (EnumConstant constant : type.getConstants()) {
      b.addValue(
          EnumValueDescriptorProto.newBuilder()
              .setName(constant.getName())
              .setNumber(constant.getTag()));
    }
    if (type.allowAlias()) {
      b.setOptions(EnumOptions.newBuilder().setAllowAlias(true));
    }
    return b.build();
  }
}
