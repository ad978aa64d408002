package io.sluice.http;

import io.sluice.support.Names;
import io.sluice.support.RawHttp;
import io.sluice.support.TestGateway;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The requests {@link HostileInputIT} sends, each with the answer it must get: families of wrong
 * JSON types, broken JSON, bad bytes, extreme numbers, odd names, unknown topics and partitions,
 * wrong media types and methods, unknown paths, and HTTP itself broken.
 */
final class HostileCorpus {
  private static final String V2 = TestGateway.V2;

  /** The REST Proxy fields of a create body; the Kafka overrides come from the allow-list. */
  private static final List<String> CREATE_FIELDS =
      List.of(
          "name",
          "format",
          "key.format",
          "value.format",
          "auto.offset.reset",
          "auto.commit.enable",
          "fetch.min.bytes",
          "consumer.request.timeout.ms",
          "consumer.instance.timeout.ms");

  /** The instances and names the requests aim at. */
  record Targets(
      String group,
      String topic,
      String fresh,
      String assigned,
      String subscribed,
      String missing) {}

  private final List<Case> cases = new ArrayList<>();
  private final String group;
  private final String topic;
  private final String fresh;
  private final String assigned;
  private final String subscribed;
  private final String missing;

  private HostileCorpus(Targets targets) {
    this.group = targets.group();
    this.topic = targets.topic();
    this.fresh = targets.fresh();
    this.assigned = targets.assigned();
    this.subscribed = targets.subscribed();
    this.missing = targets.missing();
  }

  static List<Case> of(Targets targets) {
    HostileCorpus corpus = new HostileCorpus(targets);
    corpus.createBodies();
    corpus.createMalformed();
    corpus.createNames();
    corpus.subscriptions();
    corpus.assignments();
    corpus.positions();
    corpus.records();
    corpus.commits();
    corpus.committed();
    corpus.instances();
    corpus.everyBodyEndpoint();
    corpus.methodsAndPaths();
    corpus.protocol();
    return List.copyOf(corpus.cases);
  }

  private void add(String why, Send request, int status, int code) {
    cases.add(new Case(why, request, status, code));
  }

  /** This status, with an error code that starts with it ({@code status} 0: any 4xx). */
  private void add(String why, Send request, int status) {
    cases.add(new Case(why, request, status, 0));
  }

  // ---- POST /consumers/{group}: every field with the wrong JSON type, bad and refused values

  private void createBodies() {
    String create = "/consumers/" + group;
    List<String> fields = new ArrayList<>(CREATE_FIELDS);
    fields.addAll(CreateConsumerRequest.OVERRIDES);
    for (String field : fields) {
      for (String wrong : List.of("{}", "[]", "['json']")) {
        add(field + " is " + wrong, post(create, "{'" + field + "':" + wrong + "}"), 422, 422);
      }
    }
    for (String override : CreateConsumerRequest.OVERRIDES) {
      add(override + " is null", post(create, "{'" + override + "':null}"), 422);
    }
    Map<String, List<String>> badValues = new LinkedHashMap<>();
    badValues.put(
        "name",
        List.of(
            "'has space'",
            "''",
            "'" + "x".repeat(201) + "'",
            "'ü'",
            "'a/b'",
            "'.'",
            "'..'",
            "'new\\nline'",
            "'tab\\there'"));
    badValues.put("format", List.of("'avro'", "''", "'xml'", "'binary '"));
    badValues.put("key.format", List.of("'protobuf'", "'jsonschema'"));
    badValues.put("value.format", List.of("'csv'", "''"));
    badValues.put("auto.offset.reset", List.of("'sometimes'", "''", "'first'"));
    badValues.put("auto.commit.enable", List.of("'yes'", "'1'", "''", "'on'", "0"));
    badValues.put(
        "fetch.min.bytes",
        List.of(
            "'many'", "1.5", "'1.5'", "1e400", "123456789012345678901234567890", "-2", "'0x10'"));
    badValues.put(
        "consumer.request.timeout.ms", List.of("-5", "'soon'", "1.5", "99999999999999999999"));
    badValues.put(
        "consumer.instance.timeout.ms",
        List.of("5", "999", "99999999999", "'forever'", "-1", "3600001"));
    badValues.put("partition.assignment.strategy", List.of("'fastest'", "''", "'RangeAssignor'"));
    badValues.forEach(
        (field, values) -> {
          for (String value : values) {
            add(
                field + " is " + abbreviated(value),
                post(create, "{'" + field + "':" + value + "}"),
                422,
                422);
          }
        });

    Map<String, List<String>> refusedByKafka = new LinkedHashMap<>();
    refusedByKafka.put("session.timeout.ms", List.of("'abc'", "'1.5'", "99999999999"));
    refusedByKafka.put("heartbeat.interval.ms", List.of("60000", "'x'"));
    refusedByKafka.put("max.poll.records", List.of("0", "-5", "99999999999", "'many'"));
    refusedByKafka.put("max.poll.interval.ms", List.of("0", "'x'"));
    refusedByKafka.put("isolation.level", List.of("'dirty'", "''"));
    refusedByKafka.put("group.protocol", List.of("'nope'", "''"));
    refusedByKafka.put("group.remote.assignor", List.of("'uniform'"));
    refusedByKafka.put(
        "group.instance.id",
        List.of("'a b'", "''", "'" + "s".repeat(250) + "'", "'.'", "'..'", "'a/b'", "'ü'"));
    refusedByKafka.put("auto.commit.interval.ms", List.of("'1.5'", "-1", "'soon'"));
    refusedByKafka.forEach(
        (field, values) -> {
          for (String value : values) {
            add(
                field + " is " + abbreviated(value) + " (Kafka refuses)",
                post(create, "{'" + field + "':" + value + "}"),
                422,
                42204);
          }
        });
    for (String combination :
        List.of(
            "{'group.protocol':'consumer','session.timeout.ms':'10000'}",
            "{'group.protocol':'consumer','heartbeat.interval.ms':'1000'}",
            "{'group.protocol':'consumer','partition.assignment.strategy':'range'}",
            "{'session.timeout.ms':'10000','heartbeat.interval.ms':'20000'}")) {
      add("settings Kafka refuses together", post(create, combination), 422, 42204);
    }

    for (String unknown :
        List.of(
            "colour",
            "topics",
            "Name",
            "name ",
            "",
            "group.id",
            "bootstrap.servers",
            "enable.auto.commit",
            "sasl.jaas.config",
            "key.deserializer",
            "x".repeat(10_000),
            "ключ",
            "\\u0000")) {
      add(
          "unknown field " + abbreviated(unknown),
          post(create, "{'" + unknown + "':'x'}"),
          422,
          422);
    }
    add("unknown field with an object", post(create, "{'colour':{'a':1}}"), 422, 422);
  }

  // ---- Bodies that are not one JSON object: broken syntax, bad UTF-8, duplicates, depth, size

  private void createMalformed() {
    String create = "/consumers/" + group;
    for (String broken :
        List.of(
            "{\"name\":",
            "{",
            "}",
            "{\"name\":\"x\"",
            "{\"name\" \"x\"}",
            "{\"name\":\"x\",}",
            "{'name':'x'}",
            "{name:\"x\"}",
            "{\"name\":\"x\"}/*c*/",
            "// c\n{}",
            "{\"fetch.min.bytes\":NaN}",
            "{\"fetch.min.bytes\":Infinity}",
            "{\"fetch.min.bytes\":01}",
            "{\"fetch.min.bytes\":+1}",
            "{\"fetch.min.bytes\":.5}",
            "{\"fetch.min.bytes\":1.}",
            "{\"fetch.min.bytes\":0x10}",
            "{\"name\":\"a\u0000b\"}",
            "{\"name\":\"a\nb\"}",
            "{\"name\":\"\\u00\"}",
            "{\"name\":\"\\q\"}",
            "{\"name\":'x'}",
            "{} {}",
            "{} x",
            "{}}",
            "{\"name\":\"a\",\"name\":\"b\"}",
            "{\"format\":\"json\",\"format\":\"json\"}",
            "{\"fetch.min.bytes\":" + "9".repeat(2000) + "}",
            "{\"" + "k".repeat(60_000) + "\":1}",
            "{\"a\":".repeat(2000) + "1" + "}".repeat(2000),
            "\"unterminated",
            "nul",
            "tru")) {
      add("malformed " + abbreviated(broken), post(create).body(utf8(broken)), 400, 400);
    }
    byte[][] notUtf8 = {
      bytes("{\"name\":\"", 0xff, "\"}"),
      bytes("{\"name\":\"", 0xc3, "\"}"),
      bytes("{\"name\":\"", 0xc0, 0xaf, "\"}"),
      bytes("{\"name\":\"", 0xed, 0xa0, 0x80, "\"}"),
      bytes("{\"name\":\"", 0x80, "\"}"),
      bytes("{\"name\":\"", 0xf8, 0x88, 0x80, 0x80, 0x80, "\"}"),
      bytes("", 0xfe, 0xff, 0x00),
      bytes("{\"", 0xff, "\":1}"),
    };
    for (byte[] body : notUtf8) {
      add("not UTF-8 " + Arrays.toString(body), post(create).body(body), 400, 400);
    }
    for (String notAnObject :
        List.of(
            "[]",
            "[{}]",
            "\"str\"",
            "42",
            "true",
            "-1.5",
            "[".repeat(100) + "]".repeat(100),
            "[".repeat(10_000))) {
      add("body is " + abbreviated(notAnObject), post(create).body(utf8(notAnObject)), 422, 422);
    }
    for (String type :
        List.of(
            "text/plain",
            "application/xml",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "garbage",
            ";",
            "application/json-patch+json",
            "text/json",
            "application/vnd.kafka.v3+json",
            "application/vnd.kafka.v2+xml",
            "*/*",
            "application/*")) {
      add("Content-Type " + type, post(create, "{}").type(type), 415, 415);
    }
    add(
        "a 1.5 MB name",
        post(create).body(utf8("{\"name\":\"" + "a".repeat(1_500_000) + "\"}")),
        413,
        413);
    add(
        "1.2 MB of spaces before {}",
        post(create).body(utf8(" ".repeat(1_200_000) + "{}")),
        413,
        413);
    add(
        "a 1.1 MB array",
        post(create).body(utf8("{\"name\":[" + "1,".repeat(550_000) + "1]}")),
        413,
        413);
  }

  private void createNames() {
    for (String group : List.of("%20", "%09", "%0A", "a%0Db", "%20%20%20", "x".repeat(250))) {
      add("group " + abbreviated(group), post("/consumers/" + group, "{}"), 422, 422);
    }
    add("group of 3000 characters", post("/consumers/" + "g".repeat(3000), "{}"), 422, 422);
    add("group of 10000 characters", post("/consumers/" + "g".repeat(10_000), "{}"), 414);
    for (String dots : List.of("%2e%2e", "%2E")) {
      add("group " + dots, post("/consumers/" + dots, "{}"), 422, 422);
    }
    for (String undecodable : List.of("%00", "..%00", "%ZZ", "%", "%E2%98", "%C0%AF")) {
      add("group " + undecodable, post("/consumers/" + undecodable, "{}"), 400, 400);
    }
  }

  // ---- Subscribe: wrong types, either-or, invalid regexes and names, unknown topics

  private void subscriptions() {
    String sub = "/subscription";
    for (String wrong :
        List.of(
            "{'topics':'x'}",
            "{'topics':5}",
            "{'topics':{}}",
            "{'topics':true}",
            "{'topics':[1]}",
            "{'topics':[true]}",
            "{'topics':[null]}",
            "{'topics':[{}]}",
            "{'topics':[[]]}",
            "{'topics':['a',1]}",
            "{'topic_pattern':5}",
            "{'topic_pattern':[]}",
            "{'topic_pattern':{}}",
            "{'topic_pattern':true}",
            "{'topic_pattern':['a.*']}",
            "{}",
            "{'topics':[]}",
            "{'topic_pattern':''}",
            "{'topic_pattern':'   '}",
            "{'topics':null,'topic_pattern':null}",
            "{'topics':['a'],'topic_pattern':'a.*'}",
            "{'topic':['a']}",
            "{'Topics':['a']}",
            "{'topics':['a'],'extra':1}",
            "null")) {
      add("subscribe " + wrong, post(fresh + sub, wrong), 422, 422);
    }
    add("subscribe without a body", post(fresh + sub), 422, 422);
    for (String regex :
        List.of(
            "(a",
            "[z-a]",
            "a{99999999999}",
            "*",
            "\\\\",
            "(?<name",
            "a{2,1}",
            "[",
            "(?i",
            "\\\\p{Nope}",
            "x**",
            "(".repeat(40_000) + ")".repeat(40_000),
            "a".repeat(400_000))) {
      add(
          "topic_pattern " + abbreviated(regex),
          post(fresh + sub, "{'topic_pattern':'" + regex + "'}"),
          422,
          422);
    }
    for (String name :
        List.of(
            "a b",
            "",
            ".",
            "..",
            "x".repeat(250),
            "ü",
            "a/b",
            "a\\u0000b",
            "a:b",
            "../etc",
            "x".repeat(100_000))) {
      add(
          "subscribe to topic " + abbreviated(name),
          post(fresh + sub, "{'topics':['" + name + "']}"),
          422,
          422);
    }
    add(
        "subscribe to a topic that does not exist",
        post(fresh + sub, "{'topics':['" + Names.unique("no-such-topic") + "']}"),
        404,
        40401);
    add(
        "subscribe to one topic that exists and one that does not",
        post(fresh + sub, "{'topics':['" + topic + "','" + Names.unique("no-such") + "']}"),
        404,
        40401);
  }

  // ---- Assign: wrong shapes, unknown topics and partitions, assignment after subscription

  private void assignments() {
    String assign = fresh + "/assignments";
    for (String wrong :
        List.of(
            "{'partitions':'x'}",
            "{'partitions':{}}",
            "{'partitions':[1]}",
            "{'partitions':[null]}",
            "{'partitions':[{}]}",
            "{'partitions':[{'topic':'" + topic + "'}]}",
            "{'partitions':[{'partition':0}]}",
            "{'partitions':[{'topic':'" + topic + "','partition':'abc'}]}",
            "{'partitions':[{'topic':'" + topic + "','partition':1.5}]}",
            "{'partitions':[{'topic':'" + topic + "','partition':-1}]}",
            "{'partitions':[{'topic':'" + topic + "','partition':99999999999}]}",
            "{'partitions':[{'topic':'" + topic + "','partition':true}]}",
            "{'partitions':[{'topic':'" + topic + "','partition':null}]}",
            "{'partitions':[{'topic':'" + topic + "','partition':[0]}]}",
            "{'partitions':[{'topic':5,'partition':0}]}",
            "{'partitions':[{'topic':'a b','partition':0}]}",
            "{'partitions':[{'topic':'" + topic + "','partition':0,'offset':1}]}",
            "{'partitions':[]}",
            "{}")) {
      add("assign " + abbreviated(wrong), post(assign, wrong), 422, 422);
    }
    add("assign without a body", post(assign), 422, 422);
    add(
        "assign a topic that does not exist",
        post(assign, "{'partitions':[{'topic':'" + Names.unique("nothere") + "','partition':0}]}"),
        404,
        40401);
    for (int partition : new int[] {2, 1000, Integer.MAX_VALUE}) {
      add(
          "assign partition " + partition + " of a two-partition topic",
          post(assign, "{'partitions':[{'topic':'" + topic + "','partition':" + partition + "}]}"),
          404,
          40402);
    }
    add(
        "assign while subscribed",
        post(
            subscribed + "/assignments",
            "{'partitions':[{'topic':'" + topic + "','partition':0}]}"),
        409,
        40903);
  }

  // ---- Seek: by offset, by time, to either end

  private void positions() {
    String seek = assigned + "/positions";
    String at = "'topic':'" + topic + "','partition':0";
    for (String wrong :
        List.of(
            "{}",
            "{'offsets':[]}",
            "{'offsets':'x'}",
            "{'offsets':[1]}",
            "{'offsets':[{" + at + "}]}",
            "{'offsets':[{" + at + ",'offset':-1}]}",
            "{'offsets':[{" + at + ",'offset':1.5}]}",
            "{'offsets':[{" + at + ",'offset':'abc'}]}",
            "{'offsets':[{" + at + ",'offset':1e30}]}",
            "{'offsets':[{" + at + ",'offset':99999999999999999999}]}",
            "{'offsets':[{" + at + ",'offset':null}]}",
            "{'offsets':[{'topic':'" + topic + "','offset':0}]}",
            "{'offsets':[{" + at + ",'offset':0,'metadata':{}}]}",
            "{'timestamps':[{" + at + ",'timestamp':'yesterday'}]}",
            "{'timestamps':[{" + at + ",'timestamp':{'a':1}}]}",
            "{'timestamps':[{" + at + ",'timestamp':[1]}]}",
            "{'timestamps':[{" + at + ",'timestamp':-5}]}",
            "{'timestamps':[{" + at + ",'timestamp':1e300}]}",
            "{'timestamps':[{" + at + ",'timestamp':1.5}]}",
            "{'timestamps':[{" + at + ",'timestamp':99999999999999999999}]}",
            "{'timestamps':[{" + at + ",'timestamp':'1960-01-01T00:00:00Z'}]}",
            "{'timestamps':[{" + at + ",'timestamp':'+999999999-12-31T23:59:59Z'}]}",
            "{'timestamps':[{" + at + ",'timestamp':'-999999999-01-01T00:00:00Z'}]}",
            "{'timestamps':[{" + at + ",'timestamp':'2026-02-30T00:00:00Z'}]}",
            "{'timestamps':[{" + at + ",'timestamp':'2026-11-29T10:15:30'}]}",
            "{'timestamps':[{" + at + ",'timestamp':''}]}",
            "{'timestamps':[{" + at + ",'timestamp':true}]}",
            "{'timestamps':[{" + at + ",'timestamp':null}]}",
            "{'timestamps':[{" + at + "}]}",
            "{'timestamps':[null]}",
            "{'timestamps':[{" + at + ",'timestamp':" + "[".repeat(50) + "]".repeat(50) + "}]}",
            "{'offsets':[{" + at + ",'offset':0}],'seek':1}")) {
      add("seek " + abbreviated(wrong), post(seek, wrong), 422, 422);
    }
    for (int depth : new int[] {1001, 5000}) {
      add(
          "seek to a timestamp nested " + depth + " deep",
          post(seek)
              .body(
                  utf8(
                      j("{'timestamps':[{" + at + ",'timestamp':")
                          + "[".repeat(depth)
                          + "]".repeat(depth)
                          + "}]}")),
          400,
          400);
      add(
          "create with a value nested " + depth + " deep",
          post("/consumers/" + group)
              .body(utf8("{\"name\":" + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) + "}")),
          400,
          400);
    }
    add(
        "seek a partition the instance does not hold",
        post(seek, "{'offsets':[{'topic':'" + topic + "','partition':1,'offset':0}]}"),
        409,
        40903);
    add(
        "seek a topic that does not exist",
        post(seek, "{'offsets':[{'topic':'nothere','partition':0,'offset':0}]}"),
        409,
        40903);
    add(
        "seek an instance that holds nothing",
        post(fresh + "/positions", "{'offsets':[{" + at + ",'offset':0}]}"),
        409,
        40903);
    for (String end : List.of("/beginning", "/end")) {
      for (String wrong :
          List.of(
              "{}",
              "{'partitions':[]}",
              "{'partitions':[{'topic':'" + topic + "'}]}",
              "{'partitions':[{'topic':'" + topic + "','partition':-1}]}",
              "{'partitions':[{'topic':'a b','partition':0}]}",
              "{'offsets':[{" + at + ",'offset':0}]}")) {
        add("seek to " + end + " " + wrong, post(seek + end, wrong), 422, 422);
      }
      add(
          "seek to " + end + " of a partition the instance does not hold",
          post(seek + end, "{'partitions':[{'topic':'" + topic + "','partition':1}]}"),
          409,
          40903);
      add(
          "seek to " + end + " of a topic that does not exist",
          post(seek + end, "{'partitions':[{'topic':'nothere','partition':0}]}"),
          409,
          40903);
    }
  }

  // ---- Fetch: query values, Accept negotiation, and fetching before subscribing

  private void records() {
    String records = assigned + "/records";
    for (String query :
        List.of(
            "timeout=abc",
            "timeout=-1",
            "timeout=1.5",
            "timeout=99999999999999999999",
            "timeout=",
            "timeout=%ZZ",
            "max_bytes=0",
            "max_bytes=-1",
            "max_bytes=abc",
            "max_bytes=1e3",
            "max_records=0",
            "max_records=-5",
            "max_records=x",
            "max_records=99999999999999999999")) {
      add("fetch with ?" + query, get(records + "?" + query), 422, 422);
    }
    for (String accept :
        List.of(
            "application/vnd.kafka.binary.v2+json",
            "application/vnd.kafka.text.v2+json",
            "application/vnd.kafka.avro.v2+json",
            "text/html",
            "application/xml",
            ";;;,,,",
            "application/json;q=0",
            "application/vnd.kafka.json.v2+json;q=0",
            "image/*",
            "x".repeat(4000))) {
      add(
          "fetch json with Accept " + abbreviated(accept),
          get(records).header("Accept", accept),
          406,
          40601);
    }
    add("fetch before subscribing", get(fresh + "/records"), 409, 40903);
  }

  // ---- Commit and read commits

  private void commits() {
    String commit = assigned + "/offsets";
    String at = "'topic':'" + topic + "','partition':0";
    for (String wrong :
        List.of(
            "{}",
            "{'offsets':'x'}",
            "{'offsets':[]}",
            "{'offsets':[{}]}",
            "{'offsets':[null]}",
            "{'offsets':[{" + at + "}]}",
            "{'offsets':[{" + at + ",'offset':-1}]}",
            "{'offsets':[{" + at + ",'offset':9223372036854775807}]}",
            "{'offsets':[{" + at + ",'offset':1.5}]}",
            "{'offsets':[{" + at + ",'offset':'abc'}]}",
            "{'offsets':[{" + at + ",'offset':99999999999999999999}]}",
            "{'offsets':[{" + at + ",'offset':0,'metadata':{}}]}",
            "{'offsets':[{" + at + ",'offset':0,'metadata':5}]}",
            "{'offsets':[{" + at + ",'offset':0,'metadata':['m']}]}",
            "{'offsets':[{" + at + ",'offset':0,'metadata':'" + "m".repeat(40_000) + "'}]}",
            "{'offsets':[{" + at + ",'offset':0,'metadata':'" + "m".repeat(5_000) + "'}]}",
            "{'offsets':[{'topic':'" + topic + "','partition':-1,'offset':0}]}",
            "{'offsets':[{'topic':'a b','partition':0,'offset':0}]}",
            "{'offsets':[{'topic':null,'partition':0,'offset':0}]}",
            "{'offsets':[{" + at + ",'offset':0,'leader_epoch':1}]}")) {
      add("commit " + abbreviated(wrong), post(commit, wrong), 422, 422);
    }
    add(
        "commit a partition the instance does not hold",
        post(commit, "{'offsets':[{'topic':'" + topic + "','partition':1,'offset':0}]}"),
        409,
        40904);
    add(
        "commit a topic that does not exist",
        post(commit, "{'offsets':[{'topic':'nothere','partition':0,'offset':0}]}"),
        409,
        40904);
  }

  private void committed() {
    String offsets = assigned + "/offsets";
    for (String query :
        List.of(
            "topic=a",
            "partition=0",
            "topic=" + topic + "&partition=x",
            "topic=" + topic + "&partition=-1",
            "topic=" + topic + "&partition=99999999999999",
            "topic=" + topic + "&partition=1.5",
            "topic=a%20b&partition=0",
            "topic=&partition=0",
            "topic=" + topic + "&topic=" + topic + "&partition=0",
            "topic=%2E%2E&partition=0")) {
      add("read commits with ?" + query, get(offsets + "?" + query), 422, 422);
    }
    for (String wrong :
        List.of(
            "{'partitions':'x'}",
            "{'partitions':[{'topic':'" + topic + "','partition':-1}]}",
            "{'partitions':[{'topic':'a b','partition':0}]}")) {
      add("read commits with body " + wrong, get(offsets).json(wrong), 422, 422);
    }
  }

  private void instances() {
    for (String leave : List.of("maybe", "1", "", "yes", "TRUE%00")) {
      add("delete with ?leave_group=" + leave, delete(fresh + "?leave_group=" + leave), 422);
    }
    String partition = "{'partitions':[{'topic':'" + topic + "','partition':0}]}";
    List<Send> toNowhere =
        List.of(
            delete(missing),
            post(missing + "/subscription", "{'topics':['" + topic + "']}"),
            get(missing + "/subscription"),
            delete(missing + "/subscription"),
            post(missing + "/assignments", partition),
            get(missing + "/assignments"),
            post(
                missing + "/positions",
                "{'offsets':[{'topic':'" + topic + "','partition':0,'offset':0}]}"),
            post(missing + "/positions/beginning", partition),
            post(missing + "/positions/end", partition),
            get(missing + "/records"),
            post(missing + "/offsets"),
            get(missing + "/offsets?topic=" + topic + "&partition=0"),
            get("/consumers/no-such-group-" + group + "/instances/fresh/subscription"),
            get("/consumers/" + group + "/instances/" + "i".repeat(5000) + "/assignments"),
            get("/consumers/" + group + "/instances/%E2%98%83/assignments"));
    for (Send request : toNowhere) {
      add("an instance that does not exist", request, 404, 40403);
    }
  }

  // ---- Every body-taking endpoint, with the same broken bodies and media types

  private void everyBodyEndpoint() {
    String partitions = "{'partitions':[{'topic':'" + topic + "','partition':0}]}";
    String offsets = "{'offsets':[{'topic':'" + topic + "','partition':0,'offset':0}]}";
    Map<Send, String> endpoints = new LinkedHashMap<>();
    endpoints.put(post(fresh + "/subscription"), "{'topics':['" + topic + "']}");
    endpoints.put(post(fresh + "/assignments"), partitions);
    endpoints.put(post(fresh + "/positions"), offsets);
    endpoints.put(post(fresh + "/positions/beginning"), partitions);
    endpoints.put(post(fresh + "/positions/end"), partitions);
    endpoints.put(post(fresh + "/offsets"), offsets);
    endpoints.put(get(fresh + "/offsets"), partitions);
    endpoints.forEach(
        (endpoint, valid) -> {
          String body = j(valid);
          String inner = body.substring(1, body.length() - 1);
          add("text/plain", endpoint.with(body).type("text/plain"), 415, 415);
          add("application/xml", endpoint.with(body).type("application/xml"), 415, 415);
          add("form", endpoint.with(body).type("application/x-www-form-urlencoded"), 415);
          add("cut short", endpoint.with(body.substring(0, body.length() - 2)), 400, 400);
          add(
              "a key not UTF-8",
              endpoint.with(bytes("{" + inner + ",\"", 0xff, 0xfe, "\":1}")),
              400,
              400);
          add("a key twice", endpoint.with("{" + inner + "," + inner + "}"), 400, 400);
          // Refused at the first token the endpoint does not expect (422), or at depth 1000 (400).
          add(
              "nested 2000 deep",
              endpoint.with("{" + inner + ",\"x\":" + "[".repeat(2000) + "]".repeat(2000) + "}"),
              0);
          add(
              "1.1 MB",
              endpoint.with("{" + inner + ",\"pad\":\"" + "p".repeat(1_100_000) + "\"}"),
              413,
              413);
          add("an array of the body", endpoint.with("[" + body + "]"), 422, 422);
          add("a string", endpoint.with("\"" + inner.replace("\"", "'") + "\""), 422, 422);
          add("two bodies", endpoint.with(body + body), 400, 400);
          add("single quotes", endpoint.with(body.replace('"', '\'')), 400, 400);
          add("a NUL byte", endpoint.with("{" + inner + ",\"a\u0000b\":1}"), 400, 400);
        });
  }

  // ---- Methods no route has, and paths no one serves

  private void methodsAndPaths() {
    String create = "/consumers/" + group;
    Map<String, List<String>> wrongMethods = new LinkedHashMap<>();
    wrongMethods.put(create, List.of("PUT", "PATCH", "DELETE"));
    wrongMethods.put(fresh, List.of("POST", "PUT", "PATCH"));
    wrongMethods.put(fresh + "/subscription", List.of("PUT", "PATCH"));
    wrongMethods.put(fresh + "/assignments", List.of("PUT", "PATCH", "DELETE"));
    wrongMethods.put(fresh + "/positions", List.of("GET", "PUT", "DELETE"));
    wrongMethods.put(fresh + "/positions/beginning", List.of("GET", "PUT"));
    wrongMethods.put(fresh + "/positions/end", List.of("GET", "DELETE"));
    wrongMethods.put(fresh + "/records", List.of("POST", "PUT", "DELETE"));
    wrongMethods.put(fresh + "/offsets", List.of("PUT", "PATCH", "DELETE"));
    wrongMethods.put("/health/live", List.of("POST", "PUT", "DELETE"));
    wrongMethods.put("/health/ready", List.of("POST", "DELETE"));
    wrongMethods.put("/metrics", List.of("POST", "DELETE"));
    wrongMethods.put("/openapi.yaml", List.of("PUT", "POST"));
    wrongMethods.put("/openapi.json", List.of("POST", "DELETE"));
    wrongMethods.put("/docs", List.of("POST", "PUT"));
    wrongMethods.forEach(
        (path, methods) -> {
          for (String method : methods) {
            add("no such method", new Send(method, path), 405, 405);
          }
        });
    add("an invented method", new Send("BREW", create), 405, 405);
    add("TRACE", new Send("TRACE", "/health/live"), 405, 405);

    for (String path :
        List.of(
            "/nope",
            "/consumers",
            fresh + "/records/extra",
            fresh + "/subscriptions",
            fresh + "/position",
            fresh + "/offsets/x",
            "/v3/clusters",
            "/broker",
            "/health",
            "/health/live/x",
            "/metrics/x",
            "/docs/nope.js",
            "/openapi.yml",
            "/CONSUMERS/" + group + "/instances/x/subscriptions",
            "/" + "p".repeat(5000))) {
      add("no such path", get(path), 404, 404);
    }
    add("a path that climbs out", get("/docs/../../etc/passwd"), 400, 400);
  }

  // ---- HTTP itself broken: framing, request line, headers (Jetty answers these)

  private void protocol() {
    String host = "Host: localhost\r\n";
    String close = "Connection: close\r\n\r\n";
    Map<String, Integer> raw = new LinkedHashMap<>();
    raw.put("GET /health/live HTTP/1.1\r\n" + host + "Content-Length: abc\r\n" + close, 400);
    raw.put(
        "POST /consumers/g HTTP/1.1\r\n"
            + host
            + "Content-Length: 2\r\nContent-Length: 3\r\n"
            + close
            + "{}",
        400);
    raw.put("GET /\u0001 HTTP/1.1\r\n" + host + close, 400);
    raw.put("GET /health/live HTTP/1.1\r\n" + host + "Bad Header\r\n" + close, 400);
    raw.put("GET /health/live HTTP/9.9\r\n" + host + close, 505);
    raw.put("GET /health/live\r\n\r\n", 505);
    raw.put("GET /health/live HTTP/1.1\r\n" + close, 400);
    raw.put(
        "POST /consumers/g HTTP/1.1\r\n"
            + host
            + "Transfer-Encoding: chunked\r\n"
            + close
            + "ZZ\r\n{}\r\n0\r\n\r\n",
        400);
    raw.put(
        "POST /consumers/g HTTP/1.1\r\n"
            + host
            + "Transfer-Encoding: chunked\r\nContent-Length: 2\r\n"
            + close
            + "2\r\n{}\r\n0\r\n\r\n",
        400);
    raw.put(
        "POST /consumers/g HTTP/1.1\r\n"
            + host
            + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
            + close
            + "3\r\n{\"n\r\n0\r\n\r\n",
        400);
    raw.put("GARBAGE\r\n\r\n", 400);
    raw.put("GET http://elsewhere.invalid/health/live HTTP/1.1\r\n" + host + close, 400);
    raw.put("GET * HTTP/1.1\r\n" + host + close, 400);
    raw.put("GET /health/live HTTP/1.1\r\n" + host + "X-A: \u0000\r\n" + close, 400);
    raw.put("GET /health/live HTTP/1.1\r\n" + host + "Host: other\r\n" + close, 400);
    raw.put("POST /consumers/g HTTP/1.1\r\n" + host + "Content-Length: -1\r\n" + close, 400);
    raw.put(
        "POST /consumers/g HTTP/1.1\r\n"
            + host
            + "Content-Length: 99999999999999999999\r\n"
            + close,
        400);
    raw.put(
        "GET /health/live HTTP/1.1\r\n" + host + "X-Big: " + "h".repeat(20_000) + "\r\n" + close,
        431);
    raw.put("GET /consumers/%ZZ HTTP/1.1\r\n" + host + close, 400);
    raw.put("GET /consumers/%FF/instances/x/records HTTP/1.1\r\n" + host + close, 400);
    raw.put("GET /% HTTP/1.1\r\n" + host + close, 400);
    raw.put("GET /docs/%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\n" + host + close, 400);
    raw.forEach(
        (request, status) ->
            add(
                "raw " + abbreviated(request.replace("\r\n", "⏎")),
                Send.raw(utf8(request)),
                status,
                status));
  }

  // ---- The corpus's vocabulary

  /** One request of the corpus and the answer it must get ({@code status} 0: any 4xx). */
  record Case(String why, Send request, int status, int code) {
    byte[] bytes(String authority) {
      return request.bytes(authority);
    }

    @Override
    public String toString() {
      return request.method + " " + abbreviated(request.target) + ": " + why;
    }
  }

  /** A request as bytes: method, target, headers, body (Content-Type v2 unless set). */
  static final class Send {
    final String method;
    final String target;
    final Map<String, String> headers = new LinkedHashMap<>();
    byte[] body;
    byte[] raw;

    Send(String method, String target) {
      this.method = method;
      this.target = target;
    }

    static Send raw(byte[] request) {
      Send send = new Send("RAW", "");
      send.raw = request;
      return send;
    }

    /** The same endpoint with this body. */
    Send with(String body) {
      return with(utf8(body));
    }

    Send with(byte[] body) {
      Send copy = new Send(method, target);
      copy.headers.putAll(headers);
      return copy.body(body);
    }

    Send json(String json) {
      return body(utf8(j(json)));
    }

    Send body(byte[] bytes) {
      this.body = bytes;
      headers.putIfAbsent("Content-Type", V2);
      return this;
    }

    Send type(String contentType) {
      headers.put("Content-Type", contentType);
      return this;
    }

    Send header(String name, String value) {
      headers.put(name, value);
      return this;
    }

    byte[] bytes(String authority) {
      return raw != null ? raw : RawHttp.request(method, target, authority, headers, body);
    }
  }

  private static Send post(String target) {
    return new Send("POST", target);
  }

  private static Send post(String target, String json) {
    return post(target).json(json);
  }

  private static Send get(String target) {
    return new Send("GET", target);
  }

  private static Send delete(String target) {
    return new Send("DELETE", target);
  }

  /** JSON written with single quotes, for legibility. */
  private static String j(String json) {
    return json.replace('\'', '"');
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Text and raw byte values (ints 0 to 255), in order. */
  private static byte[] bytes(Object... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object part : parts) {
      if (part instanceof String text) {
        out.writeBytes(utf8(text));
      } else {
        out.write((Integer) part);
      }
    }
    return out.toByteArray();
  }

  static String abbreviated(String text) {
    return text.length() > 60 ? text.substring(0, 60) + "…(" + text.length() + ")" : text;
  }
}
