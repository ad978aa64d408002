package io.sluice.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.path.json.JsonPath;
import io.sluice.support.Names;
import io.sluice.support.TestGateway;
import io.sluice.support.TestKafka;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** Topics, partitions and brokers read through the gateway's Admin client. */
class TopicMetadataIT {
  private static final TestGateway gateway = TestGateway.shared();

  private static JsonPath get(String path) {
    return gateway.given().get(path).then().statusCode(200).extract().jsonPath();
  }

  @Test
  void topicsListsACreatedTopicButNoInternalOne() {
    String topic = TestKafka.createTopic("listed", 2);

    List<String> names = get("/topics").getList("$");

    assertThat(names).contains(topic).doesNotContain("__consumer_offsets").isSorted();
  }

  @Test
  void topicShowsItsConfigurationAndPartitionsWithTheirReplicas() {
    String topic = TestKafka.createTopic("described", 3);

    JsonPath described = get("/topics/" + topic);

    assertThat(described.getString("name")).isEqualTo(topic);
    assertThat(described.getString("configs.'cleanup.policy'")).isEqualTo("delete");
    assertThat(described.getList("partitions.partition", Integer.class)).containsExactly(0, 1, 2);
    int broker = get("/brokers").getInt("brokers[0]");
    assertThat(described.getInt("partitions[0].leader")).isEqualTo(broker);
    assertThat(described.getBoolean("partitions[0].replicas[0].in_sync")).isTrue();
  }

  @Test
  void partitionsCarryTheirBeginningAndEndOffsets() {
    String topic = TestKafka.createTopic("offsets", 2);
    TestKafka.produce(
        IntStream.range(0, 7)
            .mapToObj(
                i ->
                    new ProducerRecord<byte[], byte[]>(
                        topic, 1, null, ("v" + i).getBytes(StandardCharsets.UTF_8)))
            .toList());

    JsonPath all = get("/topics/" + topic + "/partitions");
    JsonPath one = get("/topics/" + topic + "/partitions/1");

    assertThat(all.getList("end_offset", Long.class)).containsExactly(0L, 7L);
    assertThat(all.getList("beginning_offset", Long.class)).containsExactly(0L, 0L);
    assertThat(one.getInt("partition")).isEqualTo(1);
    assertThat(one.getLong("end_offset")).isEqualTo(7);
  }

  @Test
  void unknownTopicIs40401AndUnknownPartitionIs40402() {
    String topic = TestKafka.createTopic("bounded", 2);

    gateway
        .given()
        .get("/topics/" + Names.unique("nosuch"))
        .then()
        .statusCode(404)
        .body("error_code", equalTo(40401));
    gateway
        .given()
        .get("/topics/" + Names.unique("nosuch") + "/partitions")
        .then()
        .statusCode(404)
        .body("error_code", equalTo(40401));
    gateway
        .given()
        .get("/topics/" + topic + "/partitions/2")
        .then()
        .statusCode(404)
        .body("error_code", equalTo(40402));
    gateway
        .givenBadRequest()
        .get("/topics/" + topic + "/partitions/x")
        .then()
        .statusCode(422)
        .body("error_code", equalTo(422));
  }
}
