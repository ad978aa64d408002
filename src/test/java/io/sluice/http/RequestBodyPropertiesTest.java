package io.sluice.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.consumer.ConsumerException;
import io.sluice.consumer.ConsumerSpec;
import io.sluice.format.EmbeddedFormat;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Arbitrary request bodies, nearly right or plainly hostile, through the same parsing and checks
 * the routes use: each is accepted, or refused with a 4xx whose message is short and names nothing
 * of the gateway's insides. Nothing else may come out, above all no 500.
 */
class RequestBodyPropertiesTest {
  private static final int TRIES = 300;
  private static final List<String> INTERNALS =
      List.of(
          "com.fasterxml",
          "java.lang",
          "java.util",
          "org.apache",
          "Exception",
          "jakarta",
          "eclipse",
          "LinkedHashMap",
          "ArrayList",
          "Cannot deserialize value of type",
          "Cannot construct instance",
          "JsonToken",
          "StreamReadConstraints",
          "io.sluice",
          "\tat ");

  @Property(tries = TRIES)
  void createBodiesAreAcceptedOrRefusedWith4xx(
      @ForAll("groups") String group,
      @ForAll("createBodies") byte[] body,
      @ForAll("contentTypes") String contentType) {
    outcome(
        () -> {
          Map<String, Object> fields = Json.parseObject(body, contentType);
          ConsumerSpec spec = CreateConsumerRequest.toSpec(group, fields, Duration.ofHours(1));
          assertThat(spec.group()).isEqualTo(group);
          return spec;
        });
  }

  @Property(tries = TRIES)
  void subscriptionBodiesAreAcceptedOrRefusedWith4xx(
      @ForAll("subscriptionBodies") byte[] body, @ForAll("contentTypes") String contentType) {
    outcome(
        () -> {
          Wire.Subscription subscription = Json.parse(body, contentType, Wire.Subscription.class);
          return subscription == null ? null : Requests.topicPattern(subscription);
        });
  }

  @Property(tries = TRIES)
  void partitionBodiesAreAcceptedOrRefusedWith4xx(
      @ForAll("partitionBodies") byte[] body, @ForAll("queries") Map<String, List<String>> query) {
    outcome(
        () -> {
          Wire.Partitions partitions = Json.parse(body, MediaTypes.V2, Wire.Partitions.class);
          return partitions == null
              ? Requests.partitions(null, query)
              : List.of(Requests.partitions(partitions), Requests.partitions(partitions, query));
        });
  }

  @Property(tries = TRIES)
  void positionBodiesAreAcceptedOrRefusedWith4xx(@ForAll("positionBodies") byte[] body) {
    outcome(
        () -> {
          Wire.Positions positions = Json.parse(body, MediaTypes.V2, Wire.Positions.class);
          return positions == null ? null : Requests.seeks(positions);
        });
  }

  @Property(tries = TRIES)
  void seeksByTimeAreAcceptedOrRefusedWith4xx(@ForAll("timestampBodies") byte[] body) {
    outcome(
        () -> {
          Wire.Positions positions = Json.parse(body, MediaTypes.V2, Wire.Positions.class);
          return positions == null ? null : Requests.seeks(positions);
        });
  }

  @Property(tries = TRIES)
  void commitBodiesAreAcceptedOrRefusedWith4xx(@ForAll("commitBodies") byte[] body) {
    outcome(
        () -> {
          Wire.Offsets offsets = Json.parse(body, MediaTypes.V2, Wire.Offsets.class);
          return offsets == null ? null : Requests.offsets(offsets);
        });
  }

  @Property(tries = TRIES)
  void arbitraryBytesAreAcceptedOrRefusedWith4xxAsEveryBodyType(
      @ForAll("bytes") byte[] body, @ForAll("bodyTypes") Class<?> type) {
    outcome(() -> Json.parse(body, MediaTypes.V2, type));
  }

  @Property(tries = TRIES)
  void queryValuesAndHeadersAreAcceptedOrRefusedWith4xx(
      @ForAll("texts") String value,
      @ForAll("contentTypes") String contentType,
      @ForAll("accepts") String accept) {
    outcome(() -> Queries.wholeNumber("timeout", value, 0));
    outcome(() -> Queries.wholeNumber("partition", value, 0, Integer.MAX_VALUE));
    outcome(
        () -> {
          MediaTypes.requireJsonBody(contentType);
          return contentType;
        });
    for (EmbeddedFormat format : EmbeddedFormat.values()) {
      outcome(() -> MediaTypes.forRecords(format, accept));
    }
  }

  /** Runs one request's checks; a refusal must be a client error the API can say cleanly. */
  private static void outcome(Supplier<?> checks) {
    String outcome;
    try {
      checks.get();
      outcome = "accepted";
    } catch (RequestException | ConsumerException refused) {
      ErrorTable.Answer answer = ErrorTable.answer(refused);
      assertThat(answer.status()).as(answer.error().message()).isBetween(400, 499);
      String message = answer.error().message();
      assertThat(message).isNotBlank().hasSizeLessThanOrEqualTo(ErrorTable.MAX_MESSAGE_LENGTH);
      for (String internal : INTERNALS) {
        assertThat(message).as("answer to a hostile body").doesNotContain(internal);
      }
      outcome = answer.status() + "/" + answer.error().errorCode();
    }
    Statistics.collect(outcome);
  }

  // What the generators make: JSON text, mostly the shape each endpoint expects with wrong,
  // extreme or missing values, sometimes broken on purpose (cut short, a stray byte, a duplicate
  // key, deep nesting), and sometimes no JSON at all.

  @Provide
  Arbitrary<String> groups() {
    return Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.strings().withChars("abcxyz-_.09").ofMinLength(1).ofMaxLength(20)),
        Tuple.of(2, Arbitraries.strings().all().ofMaxLength(300)),
        Tuple.of(1, Arbitraries.of(" ", "\t", "a\nb", "x".repeat(250), "☃", "..")));
  }

  @Provide
  Arbitrary<byte[]> createBodies() {
    List<Arbitrary<Optional<String>>> fields = new ArrayList<>();
    fields.add(field("name", mostly(names(), value(1))));
    fields.add(field("format", mostly(quoted(Arbitraries.of("binary", "json", "text")), any())));
    fields.add(field("key.format", mostly(quoted(Arbitraries.of("json", "string")), any())));
    fields.add(field("value.format", mostly(quoted(Arbitraries.of("BINARY", "text")), any())));
    fields.add(
        field(
            "auto.offset.reset",
            mostly(quoted(Arbitraries.of("earliest", "latest", "none", "smallest")), any())));
    fields.add(
        field(
            "auto.commit.enable", mostly(Arbitraries.of("true", "\"false\"", "\"TRUE\""), any())));
    fields.add(field("fetch.min.bytes", mostly(counts(), numbers())));
    fields.add(field("consumer.request.timeout.ms", mostly(counts(), numbers())));
    fields.add(
        field(
            "consumer.instance.timeout.ms",
            mostly(
                Arbitraries.integers().between(1000, 3_600_000).map(String::valueOf), numbers())));
    for (String override : CreateConsumerRequest.OVERRIDES) {
      Arbitrary<String> right =
          switch (override) {
            case "partition.assignment.strategy" ->
                quoted(Arbitraries.of("range", "RoundRobin", "sticky", "cooperative-sticky"));
            case "group.protocol" -> quoted(Arbitraries.of("classic", "consumer"));
            case "isolation.level" -> quoted(Arbitraries.of("read_committed", "read_uncommitted"));
            case "group.instance.id", "group.remote.assignor", "client.id" -> names();
            default -> counts();
          };
      fields.add(field(override, mostly(right, any())));
    }
    fields.add(unknownField());
    return body(object(fields));
  }

  @Provide
  Arbitrary<byte[]> subscriptionBodies() {
    Arbitrary<String> topics =
        Arbitraries.oneOf(array(Arbitraries.oneOf(names(), value(0)), 5), value(1));
    Arbitrary<String> patterns =
        Arbitraries.oneOf(
            quoted(Arbitraries.of("a.*", "(a", "[z-a]", "a{99999999999}", "*", "\\", "a|b", "")),
            quoted(Arbitraries.strings().withChars("a.*+?()[]{}|\\^$").ofMaxLength(30)),
            value(0));
    return body(object(List.of(field("topics", topics), field("topic_pattern", patterns))));
  }

  @Provide
  Arbitrary<byte[]> partitionBodies() {
    return body(object(List.of(field("partitions", array(partition(), 4)), unknownField())));
  }

  @Provide
  Arbitrary<byte[]> positionBodies() {
    return body(
        object(
            List.of(
                field("offsets", array(offset(), 3)),
                field("timestamps", array(seekByTime(), 3)),
                unknownField())));
  }

  @Provide
  Arbitrary<byte[]> timestampBodies() {
    return body(object(List.of(field("timestamps", array(seekByTime(), 2)))));
  }

  private static Arbitrary<String> seekByTime() {
    Arbitrary<String> timestamp =
        Arbitraries.oneOf(
            numbers(),
            quoted(
                Arbitraries.of(
                    "2026-11-29T10:15:30Z",
                    "2026-11-29T10:15:30+01:00",
                    "1960-01-01T00:00:00Z",
                    "+999999999-12-31T23:59:59Z",
                    "-999999999-01-01T00:00:00Z",
                    "2026-02-30T00:00:00Z",
                    "yesterday")),
            value(1));
    return object(
        List.of(
            field("topic", topicValue()),
            field("partition", mostly(counts(), numbers())),
            field("timestamp", timestamp)));
  }

  @Provide
  Arbitrary<byte[]> commitBodies() {
    return body(object(List.of(field("offsets", array(offset(), 4)), unknownField())));
  }

  @Provide
  Arbitrary<byte[]> bytes() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(64);
  }

  @Provide
  Arbitrary<Class<?>> bodyTypes() {
    return Arbitraries.of(
        Wire.Subscription.class,
        Wire.Partitions.class,
        Wire.Positions.class,
        Wire.Offsets.class,
        Map.class);
  }

  @Provide
  Arbitrary<Map<String, List<String>>> queries() {
    Arbitrary<List<String>> topics = Arbitraries.oneOf(names(), texts()).list().ofMaxSize(3);
    Arbitrary<List<String>> partitions = texts().list().ofMaxSize(3);
    return Combinators.combine(topics, partitions).as((t, p) -> Map.of("topic", t, "partition", p));
  }

  @Provide
  Arbitrary<String> texts() {
    return Arbitraries.frequencyOf(
        Tuple.of(
            3,
            Arbitraries.of(
                "0",
                "-1",
                "1",
                " 7 ",
                "2147483647",
                "2147483648",
                "9223372036854775807",
                "9223372036854775808",
                "99999999999999999999999",
                "1.5",
                "1e3",
                "0x10",
                "",
                "NaN",
                "+5")),
        Tuple.of(2, Arbitraries.longs().map(String::valueOf)),
        Tuple.of(2, Arbitraries.strings().all().ofMaxLength(40)));
  }

  @Provide
  Arbitrary<String> contentTypes() {
    return Arbitraries.frequencyOf(
        Tuple.of(16, Arbitraries.of(MediaTypes.V2)),
        Tuple.of(
            3,
            Arbitraries.of(
                "application/json",
                "application/json; charset=utf-8",
                "application/vnd.kafka.json.v2+json",
                "",
                "text/plain",
                "application/xml",
                "multipart/form-data; boundary=x",
                ";",
                "application/vnd.kafka.v2+json;;;")),
        Tuple.of(1, Arbitraries.strings().all().ofMaxLength(200)));
  }

  @Provide
  Arbitrary<String> accepts() {
    return Arbitraries.frequencyOf(
        Tuple.of(
            3,
            Arbitraries.of(
                "*/*",
                "application/vnd.kafka.v2+json",
                "application/vnd.kafka.binary.v2+json",
                "application/vnd.kafka.avro.v2+json",
                "application/json;q=0, text/html",
                "application/json;q=1.2.3",
                ";;;,,,",
                ",",
                ";",
                "",
                "text/event-stream")),
        Tuple.of(
            2,
            Arbitraries.strings()
                .withChars("abcdefghijklmnopqrstuvwxyz/*+.;=,0123456789 ")
                .ofMaxLength(80)),
        Tuple.of(1, Arbitraries.strings().all().ofMaxLength(300)));
  }

  private static Arbitrary<String> partition() {
    return object(
        List.of(field("topic", topicValue()), field("partition", mostly(counts(), numbers()))));
  }

  private static Arbitrary<String> offset() {
    return object(
        List.of(
            field("topic", topicValue()),
            field("partition", mostly(counts(), numbers())),
            field("offset", mostly(counts(), numbers())),
            field(
                "metadata",
                mostly(
                    quoted(Arbitraries.strings().all().ofMaxLength(20)),
                    Arbitraries.oneOf(
                        Arbitraries.integers()
                            .between(4000, 40_000)
                            .map(n -> '"' + "m".repeat(n) + '"'),
                        value(0))))));
  }

  private static Arbitrary<String> topicValue() {
    return mostly(names(), value(1));
  }

  /** Names as clients write them, valid or nearly: odd characters, empty, too long. */
  private static Arbitrary<String> names() {
    return Arbitraries.frequencyOf(
        Tuple.of(
            5,
            quoted(Arbitraries.strings().withChars("abcxyz09._-").ofMinLength(1).ofMaxLength(12))),
        Tuple.of(1, quoted(Arbitraries.of("", ".", "..", "a b", "ü", "x".repeat(250), "a/b"))),
        Tuple.of(1, quoted(Arbitraries.strings().all().ofMaxLength(20))));
  }

  private static Arbitrary<String> numbers() {
    return Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.integers().between(-2, 10).map(String::valueOf)),
        Tuple.of(
            2,
            Arbitraries.of(
                "2147483647",
                "2147483648",
                "-2147483649",
                "9223372036854775806",
                "9223372036854775807",
                "9223372036854775808",
                "-9223372036854775809",
                "99999999999999999999999999",
                "1.5",
                "-0.0",
                "1e3",
                "1e400",
                "-1e400",
                "\"7\"",
                "\"abc\"",
                "\"\"",
                "true",
                "null")),
        Tuple.of(2, Arbitraries.longs().map(String::valueOf)),
        Tuple.of(1, value(1)));
  }

  private static Arbitrary<String> counts() {
    return Arbitraries.integers().between(0, 100_000).map(String::valueOf);
  }

  private static Arbitrary<String> any() {
    return Arbitraries.oneOf(value(1), names(), numbers());
  }

  /** Any JSON value up to {@code depth} levels of arrays and objects. */
  private static Arbitrary<String> value(int depth) {
    Arbitrary<String> scalar =
        Arbitraries.oneOf(
            Arbitraries.of("null", "true", "false", "0", "-1", "1.5", "1e400", "-0"),
            Arbitraries.longs().map(String::valueOf),
            Arbitraries.bigIntegers()
                .between(BigInteger.TEN.pow(30).negate(), BigInteger.TEN.pow(30))
                .map(String::valueOf),
            Arbitraries.doubles().map(d -> Double.toString(d)),
            quoted(Arbitraries.strings().all().ofMaxLength(16)));
    if (depth == 0) {
      return scalar;
    }
    return Arbitraries.lazy(
        () ->
            Arbitraries.frequencyOf(
                Tuple.of(4, scalar),
                Tuple.of(1, array(value(depth - 1), 3)),
                Tuple.of(1, object(List.of(unknownField(), field("topic", value(depth - 1)))))));
  }

  private static Arbitrary<String> array(Arbitrary<String> element, int maxSize) {
    return element.list().ofMaxSize(maxSize).map(items -> "[" + String.join(",", items) + "]");
  }

  /** A field with this value, or now and then missing. */
  private static Arbitrary<Optional<String>> field(String name, Arbitrary<String> value) {
    String key = quote(name) + ":";
    return Arbitraries.frequencyOf(
        Tuple.of(2, value.map(v -> Optional.of(key + v))),
        Tuple.of(1, Arbitraries.just(Optional.<String>empty())));
  }

  /** Mostly a right value, now and then a wrong one. */
  private static Arbitrary<String> mostly(Arbitrary<String> right, Arbitrary<String> wrong) {
    return Arbitraries.frequencyOf(Tuple.of(12, right), Tuple.of(1, wrong));
  }

  private static Arbitrary<Optional<String>> unknownField() {
    Arbitrary<String> names =
        Arbitraries.oneOf(
            Arbitraries.of("colour", "topic", "partitions", "", "name ", "NAME"),
            Arbitraries.strings().all().ofMaxLength(12));
    Arbitrary<Optional<String>> present =
        Combinators.combine(names, value(0)).as((name, v) -> Optional.of(quote(name) + ":" + v));
    return Arbitraries.frequencyOf(
        Tuple.of(1, present), Tuple.of(4, Arbitraries.just(Optional.<String>empty())));
  }

  /** An object of these fields in a shuffled order, now and then with one of them twice. */
  private static Arbitrary<String> object(List<Arbitrary<Optional<String>>> fields) {
    return Combinators.combine(fields)
        .as(
            present -> {
              List<String> members = new ArrayList<>();
              present.forEach(f -> f.ifPresent(members::add));
              return members;
            })
        .flatMap(
            members ->
                Arbitraries.integers()
                    .between(0, 10 * members.size())
                    .withDistribution(RandomDistribution.uniform())
                    .withoutEdgeCases()
                    .map(
                        twice -> {
                          List<String> all = new ArrayList<>(members);
                          if (twice < members.size()) {
                            all.add(members.get(twice));
                          }
                          return all;
                        }))
        .flatMap(members -> Arbitraries.shuffle(members).map(m -> "{" + String.join(",", m) + "}"));
  }

  /** The JSON as bytes; now and then broken the way hostile or sloppy clients break it. */
  private static Arbitrary<byte[]> body(Arbitrary<String> json) {
    Arbitrary<byte[]> whole = json.map(RequestBodyPropertiesTest::utf8);
    return Arbitraries.frequencyOf(
        Tuple.of(24, whole),
        Tuple.of(
            1,
            Combinators.combine(whole, Arbitraries.integers().between(0, 1000))
                .as((b, n) -> Arrays.copyOf(b, Math.min(n, b.length)))),
        Tuple.of(
            1,
            Combinators.combine(whole, Arbitraries.integers().between(0, 1000), Arbitraries.bytes())
                .as(
                    (b, at, stray) -> {
                      byte[] broken = Arrays.copyOf(b, b.length);
                      if (broken.length > 0) {
                        broken[at % broken.length] = stray;
                      }
                      return broken;
                    })),
        Tuple.of(
            1,
            Combinators.combine(json, Arbitraries.integers().between(1, 200))
                .as((j, depth) -> utf8("[".repeat(depth) + j + "]".repeat(depth)))),
        Tuple.of(
            1,
            Combinators.combine(json, Arbitraries.integers().between(1, 100))
                .as((j, depth) -> utf8("{\"a\":".repeat(depth) + j + "}".repeat(depth)))),
        Tuple.of(1, json.map(j -> utf8(j + " " + j))),
        Tuple.of(
            1,
            Arbitraries.of(
                    "",
                    "   ",
                    "null",
                    "[]",
                    "\"x\"",
                    "42",
                    "{",
                    "}",
                    "{\"a\"}",
                    "{'a':1}",
                    "{\"a\":NaN}",
                    "{\"a\":1,}",
                    "{\"a\":01}",
                    "{\"a\":1}/*c*/",
                    "\uFEFF{}",
                    "{\"a\":\"\\ud800\"}",
                    "{\"a\":\"\\u00\"}")
                .map(RequestBodyPropertiesTest::utf8)));
  }

  private static Arbitrary<String> quoted(Arbitrary<String> text) {
    return text.map(RequestBodyPropertiesTest::quote);
  }

  private static String quote(String text) {
    try {
      return Json.MAPPER.writeValueAsString(text);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
