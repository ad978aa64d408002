package io.sluice.schema;

import static io.sluice.schema.SchemaClient.AVRO;
import static io.sluice.schema.SchemaClient.offsets;
import static io.sluice.schema.SchemaClient.tree;
import static io.sluice.schema.SchemaClient.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.response.Response;
import io.sluice.support.Names;
import io.sluice.support.TestGateway;
import io.sluice.support.TestKafka;
import io.sluice.support.TestRegistry;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** A schema registry that stops answering delays records; it never loses or skips them. */
class RegistryOutageIT {
  @Test
  void recordsWaitInPlaceWhileTheRegistryIsDownAndArriveOnceItIsBack() {
    String name = SchemaClient.uniqueName("Outage");
    String schema =
        "{\"type\":\"record\",\"name\":\""
            + name
            + "\",\"fields\":[{\"name\":\"n\",\"type\":\"int\"}]}";
    int id = SchemaClient.register(name + "-value", "AVRO", schema);
    String topic = TestKafka.createTopic("outage", 1);
    TestKafka.produce(
        List.of(
            new ProducerRecord<>(
                topic, null, WireFormat.frame(id, SchemaClient.avro(schema, "{\"n\":1}"))),
            new ProducerRecord<>(
                topic, null, WireFormat.frame(id, SchemaClient.avro(schema, "{\"n\":2}")))));

    try (RegistryProxy registry = RegistryProxy.start(TestRegistry.url());
        TestGateway gateway = TestGateway.start(Map.of("schema.registry.url", registry.url()))) {
      SchemaClient client = new SchemaClient(gateway);
      registry.down();
      String path = client.instance(Names.unique("group"), Map.of("format", "avro"));
      client.assign(path, topic);

      Response unavailable = client.fetchUntilRefused(path, AVRO);
      Response stillUnavailable = client.refusedFetch(path, AVRO);
      registry.up();
      List<JsonNode> records = client.fetchAllOnceAvailable(path, AVRO, 2);

      for (Response answer : List.of(unavailable, stillUnavailable)) {
        answer
            .then()
            .statusCode(503)
            .body("error_code", equalTo(50302))
            .body(
                "message",
                allOf(
                    containsString("The schema registry is unavailable"),
                    containsString(registry.url() + " answered 503")));
      }
      assertThat(registry.refused()).isPositive();
      assertThat(offsets(records)).containsExactly(0L, 1L);
      assertThat(values(records)).containsExactly(tree("{\"n\":1}"), tree("{\"n\":2}"));
    }
  }
}
