package io.sluice.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.bench.ReadProgress.Reading;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What rendering Avro costs: one topic of Avro records in the Confluent wire format (values of
 * about 100 bytes, framing included, with a few fields, a nullable union and an enum; null keys),
 * registered through the Confluent-compatible API of the registry the gateway uses. Each round
 * reads all of it four ways with one client: through the gateway as {@code avro} and as {@code
 * binary} (the same framed bytes, in base64), and with a native {@code KafkaConsumer} that decodes
 * every value with Avro's {@code GenericDatumReader} and the registry's schema, as Confluent's
 * deserializer does, and one that takes the bytes as they are. Median of {@code --runs} runs after
 * {@code --warmups} warm-ups.
 */
final class AvroBenchmark {
  static final String TOPIC = "bench-avro-100";
  private static final Duration RUN_LIMIT = Duration.ofMinutes(10);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Schema SCHEMA =
      new Schema.Parser()
          .parse(
              """
              {"type": "record", "name": "PageView", "namespace": "io.sluice.bench", "fields": [
                {"name": "user", "type": "string"},
                {"name": "seq", "type": "long"},
                {"name": "page", "type": "string"},
                {"name": "durationMs", "type": "int"},
                {"name": "device", "type":
                  {"type": "enum", "name": "Device", "symbols": ["DESKTOP", "MOBILE", "TABLET"]}},
                {"name": "referrer", "type": ["null", "string"], "default": null}]}
              """);

  private final Broker broker;
  private final String base;
  private final String registry;
  private final Options options;
  private final Results results;
  private int groups;

  /** {@code registry} is the Confluent-compatible base URL the gateway was started with. */
  AvroBenchmark(Broker broker, String base, String registry, Options options, Results results) {
    this.broker = broker;
    this.base = base;
    this.registry = registry;
    this.options = options;
    this.results = results;
  }

  void run() throws Exception {
    int id = register();
    Schema writer = new Schema.Parser().parse(schemaById(id));
    long start = System.nanoTime();
    long bytes = fill(id);
    int records = options.avroRecords();
    System.out.printf(
        "filled %s: %,d records of %.0f bytes on average (schema id %d) in %.1f s%n",
        TOPIC, records, (double) bytes / records, id, (System.nanoTime() - start) / 1e9);

    List<Reading> nativeAvro = new ArrayList<>();
    List<Reading> nativeBytes = new ArrayList<>();
    List<Reading> gatewayAvro = new ArrayList<>();
    List<Reading> gatewayBinary = new ArrayList<>();
    for (int round = 1 - options.warmups(); round <= options.runs(); round++) {
      String what = round < 1 ? "warm-up " + (round + options.warmups()) : "run " + round;
      Reading avro = read(what + ", native avro", () -> readNative(id, writer));
      Reading plain = read(what + ", native bytes", () -> readNative(id, null));
      Reading viaAvro = read(what + ", gateway avro", () -> readGateway("avro"));
      Reading viaBinary = read(what + ", gateway binary", () -> readGateway("binary"));
      if (round >= 1) {
        nativeAvro.add(avro);
        nativeBytes.add(plain);
        gatewayAvro.add(viaAvro);
        gatewayBinary.add(viaBinary);
      }
    }
    results.add(
        new Figure(
            "avro",
            "avro (native: GenericDatumReader), ~100 B, 1 client",
            "records/s",
            rate(gatewayAvro, records),
            rate(nativeAvro, records)));
    results.add(
        new Figure(
            "avro",
            "binary, the same records, 1 client",
            "records/s",
            rate(gatewayBinary, records),
            rate(nativeBytes, records)));
  }

  private interface Side {
    Reading read() throws Exception;
  }

  private static Reading read(String what, Side side) throws Exception {
    return ThroughputBenchmark.printed(String.format("%-28s", what), side.read());
  }

  private static Summary rate(List<Reading> runs, int records) {
    return ThroughputBenchmark.summary(runs, run -> records / run.seconds());
  }

  /**
   * A native consumer in a new group; with a {@code writer} schema it checks each value's frame and
   * decodes it, otherwise it takes the bytes.
   */
  private Reading readNative(int id, Schema writer) throws Exception {
    ReadProgress progress = progress();
    NativeReader reader = new NativeReader(broker.bootstrap(), group(), TOPIC);
    if (writer == null) {
      reader.readUntilDone(progress);
    } else {
      reader.readUntilDone(progress, new Decoding(id, writer));
    }
    return progress.reading();
  }

  /** Decodes values as Confluent's deserializer does: a new record each, the reader cached. */
  private static final class Decoding implements NativeReader.RecordHandler {
    private final int id;
    private final GenericDatumReader<GenericRecord> reader;
    private BinaryDecoder decoder;
    private long sum;

    Decoding(int id, Schema writer) {
      this.id = id;
      this.reader = new GenericDatumReader<>(writer);
    }

    @Override
    public void handle(ConsumerRecord<byte[], byte[]> record) throws IOException {
      byte[] value = record.value();
      ByteBuffer frame = ByteBuffer.wrap(value);
      if (frame.get() != 0 || frame.getInt() != id) {
        throw new IllegalStateException("Not a record of schema id " + id + " at " + record);
      }
      decoder = DecoderFactory.get().binaryDecoder(value, 5, value.length - 5, decoder);
      GenericRecord decoded = reader.read(null, decoder);
      // Used, so that the decoding cannot be left out.
      sum += (Long) decoded.get("seq");
    }
  }

  /** One gateway instance in a new group reading the topic in {@code format}. */
  private Reading readGateway(String format) throws Exception {
    ReadProgress progress = progress();
    GatewayClient client = new GatewayClient(base);
    String instance =
        client.create(
            group(), "{\"format\":\"" + format + "\",\"auto.offset.reset\":\"earliest\"}");
    client.subscribe(instance, TOPIC);
    try {
      String accept = "application/vnd.kafka." + format + ".v2+json";
      while (!progress.done()) {
        progress.received(
            client.fetch(
                instance,
                "max_bytes=8388608",
                accept,
                (partition, offset, timestamp) -> progress.seen(partition, offset)));
      }
      return progress.reading();
    } finally {
      client.delete(instance);
    }
  }

  private String group() {
    return "bench-avro-" + ++groups;
  }

  private ReadProgress progress() throws Exception {
    return new ReadProgress(broker.endOffsets(TOPIC, Workload.PARTITIONS), RUN_LIMIT);
  }

  /** Registers the schema under {@code <topic>-value}; answers its id. */
  private int register() throws IOException, InterruptedException {
    String body = MAPPER.writeValueAsString(Map.of("schema", SCHEMA.toString()));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(registry + "/subjects/" + TOPIC + "-value/versions"))
            .header("Content-Type", "application/vnd.schemaregistry.v1+json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return MAPPER.readTree(send(request)).get("id").asInt();
  }

  /** The schema with {@code id}, as a deserializer fetches it. */
  private String schemaById(int id) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(registry + "/schemas/ids/" + id)).build();
    return MAPPER.readTree(send(request)).get("schema").asText();
  }

  private static String send(HttpRequest request) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          request.method()
              + " "
              + request.uri()
              + " answered "
              + response.statusCode()
              + ": "
              + response.body());
    }
    return response.body();
  }

  /** Creates the topic and fills it with framed values and null keys; answers the value bytes. */
  private long fill(int id) throws Exception {
    broker.createTopic(TOPIC, Workload.PARTITIONS);
    GenericDatumWriter<GenericRecord> writer = new GenericDatumWriter<>(SCHEMA);
    Schema device = SCHEMA.getField("device").schema();
    GenericRecord view = new GenericData.Record(SCHEMA);
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    BinaryEncoder encoder = null;
    long bytes = 0;
    AtomicReference<Exception> failed = new AtomicReference<>();
    try (KafkaProducer<byte[], byte[]> producer = broker.fastProducer()) {
      for (int i = 0; i < options.avroRecords(); i++) {
        view.put("user", "user-" + i % 10_000);
        view.put("seq", (long) i);
        view.put(
            "page",
            "/catalog/category-"
                + i % 50
                + "/item-"
                + i % 100_000
                + "?tab=reviews&sort=newest&locale=en");
        view.put("durationMs", 200 + i % 5_000);
        view.put("device", new GenericData.EnumSymbol(device, device.getEnumSymbols().get(i % 3)));
        view.put("referrer", i % 2 == 0 ? null : "https://search.example/");
        out.reset();
        out.write(0);
        out.write(ByteBuffer.allocate(4).putInt(id).array());
        encoder = EncoderFactory.get().binaryEncoder(out, encoder);
        writer.write(view, encoder);
        encoder.flush();
        byte[] value = out.toByteArray();
        bytes += value.length;
        producer.send(
            new ProducerRecord<>(TOPIC, null, value),
            (metadata, error) -> {
              if (error != null) {
                failed.set(error);
              }
            });
      }
    }
    if (failed.get() != null) {
      throw failed.get();
    }
    return bytes;
  }
}
