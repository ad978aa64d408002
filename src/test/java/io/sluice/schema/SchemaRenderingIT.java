package io.sluice.schema;

import static io.sluice.schema.Orders.NEW_ORDER;
import static io.sluice.schema.Orders.ORDER;
import static io.sluice.schema.Orders.PAID_ORDER;
import static io.sluice.schema.SchemaClient.AVRO;
import static io.sluice.schema.SchemaClient.body;
import static io.sluice.schema.SchemaClient.tree;
import static io.sluice.schema.SchemaClient.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.support.EventStream;
import io.sluice.support.Names;
import io.sluice.support.TestGateway;
import io.sluice.support.TestKafka;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Schema records read beyond the plain round trip: key and value in different formats, records of
 * an older schema version, a stream; and the schema meters.
 */
class SchemaRenderingIT {
  private static TestGateway gateway;
  private static SchemaClient client;

  @BeforeAll
  static void start() {
    client = SchemaClient.shared();
    gateway = client.gateway();
  }

  @Test
  void aBinaryKeyIsTheFramedBytesWhileTheAvroValueBesideItIsRendered() {
    String topic = TestKafka.createTopic("binary-avro", 1);
    JsonNode produced =
        client.produce(
            topic,
            AVRO,
            body(
                Map.of("key_schema", "\"string\"", "value_schema", ORDER),
                List.of("\"k1\""),
                List.of(PAID_ORDER)));

    String path =
        client.instance(
            Names.unique("group"), Map.of("key.format", "binary", "value.format", "avro"));
    client.assign(path, topic);
    JsonNode record = client.fetchAll(path, AVRO, 1).get(0);

    byte[] key = Base64.getDecoder().decode(record.get("key").textValue());
    assertThat(key[0]).isZero();
    assertThat(ByteBuffer.wrap(key, 1, 4).getInt())
        .isEqualTo(produced.get("key_schema_id").intValue());
    // Avro writes a string as its zig-zag length (2 is 4), then its UTF-8 bytes.
    assertThat(List.of(key[5], key[6], key[7])).containsExactly((byte) 4, (byte) 'k', (byte) '1');
    assertThat(record.get("value")).isEqualTo(tree(PAID_ORDER));
  }

  @Test
  void recordsWrittenWithAnEarlierSchemaRenderWithThatSchemaAfterItEvolved() {
    String topic = TestKafka.createTopic("evolution", 1);
    String v1 =
        "{\"type\":\"record\",\"name\":\"Reading\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}";
    String v2 =
        "{\"type\":\"record\",\"name\":\"Reading\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"},"
            + "{\"name\":\"b\",\"type\":\"string\",\"default\":\"none\"}]}";

    int v1Id =
        client
            .produce(topic, AVRO, body(Map.of("value_schema", v1), null, List.of("{\"a\":1}")))
            .get("value_schema_id")
            .intValue();
    int v2Id =
        client
            .produce(
                topic,
                AVRO,
                body(Map.of("value_schema", v2), null, List.of("{\"a\":2,\"b\":\"warm\"}")))
            .get("value_schema_id")
            .intValue();
    String path = client.instance(Names.unique("group"), Map.of("format", "avro"));
    client.assign(path, topic);
    List<JsonNode> records = client.fetchAll(path, AVRO, 2);

    assertThat(v2Id).isNotEqualTo(v1Id);
    assertThat(values(records))
        .containsExactly(tree("{\"a\":1}"), tree("{\"a\":2,\"b\":\"warm\"}"));
  }

  @Test
  void aServerSentEventStreamRendersAvroRecordsAsABatchFetchDoes() {
    String topic = TestKafka.createTopic("avro-sse", 1);
    client.produce(
        topic,
        AVRO,
        body(
            Map.of("key_schema", "\"string\"", "value_schema", ORDER),
            List.of("\"order-1\"", "\"order-2\""),
            List.of(PAID_ORDER, NEW_ORDER)));
    String path = client.instance(Names.unique("group"), Map.of("format", "avro"));
    gateway.subscribe(path, topic);

    // Unvalidated: RestAssured cannot read a stream as it arrives, and the spec's SSE is text.
    try (EventStream stream =
        EventStream.open(gateway.baseUri() + path + "/records", EventStream.SSE, null)) {
      await().atMost(SchemaClient.WAIT).until(() -> stream.records().size() == 2);

      List<JsonNode> records = stream.records().stream().map(e -> tree(e.data())).toList();
      assertThat(stream.status()).isEqualTo(200);
      assertThat(stream.ids()).containsExactly(topic + "/0/0", topic + "/0/1");
      assertThat(records)
          .extracting(r -> r.get("key").textValue())
          .containsExactly("order-1", "order-2");
      assertThat(values(records)).containsExactly(tree(PAID_ORDER), tree(NEW_ORDER));
    }
  }

  @Test
  void metricsCountSchemasFetchedFromTheRegistryAndServedFromTheCache() {
    String name = SchemaClient.uniqueName("Metered");
    String schema =
        "{\"type\":\"record\",\"name\":\""
            + name
            + "\",\"fields\":[{\"name\":\"n\",\"type\":\"int\"}]}";
    int id = SchemaClient.register(name + "-value", "AVRO", schema);
    String topic = TestKafka.createTopic("metered", 1);
    String before = metrics();

    client.produce(
        topic, AVRO, body(Map.of("value_schema_id", id), null, List.of("{\"n\":1}", "{\"n\":2}")));
    String path = client.instance(Names.unique("group"), Map.of("format", "avro"));
    client.assign(path, topic);
    client.fetchAll(path, AVRO, 2);
    String after = metrics();

    assertThat(counter(after, "sluice_schema_registry_lookups_total"))
        .isGreaterThan(counter(before, "sluice_schema_registry_lookups_total"));
    assertThat(counter(after, "sluice_schema_cache_hits_total"))
        .isGreaterThanOrEqualTo(counter(before, "sluice_schema_cache_hits_total") + 2);
  }

  private static String metrics() {
    return gateway.given().get("/metrics").then().statusCode(200).extract().asString();
  }

  private static double counter(String scrape, String series) {
    return scrape
        .lines()
        .filter(line -> line.startsWith(series + " ") || line.startsWith(series + "{"))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }
}
