package io.sluice.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.sluice.format.EmbeddedFormat;
import io.sluice.metadata.Topics;
import io.sluice.metadata.UnknownTopicException;
import io.sluice.producer.ProduceRequest;
import io.sluice.producer.Produced;
import io.sluice.producer.RecordParser;
import io.sluice.producer.RecordProducer;
import io.sluice.schema.Schemas;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * REST Proxy v2 produce: parse and check every record, make sure the topic (and partition) exist,
 * send through the shared producer, answer per record once Kafka acknowledged all of them.
 */
final class ProduceRoutes {
  private final Topics topics;
  private final RecordProducer producer;
  private final Guard guard;
  private final Optional<Schemas> schemas;

  ProduceRoutes(Topics topics, RecordProducer producer, Guard guard, Optional<Schemas> schemas) {
    this.guard = guard;
    this.schemas = schemas;
    this.topics = topics;
    this.producer = producer;
  }

  /** Per record, its partition and offset, or the error Kafka gave for it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Offset(
      Integer partition,
      Long offset,
      @JsonProperty("error_code") Integer errorCode,
      String error) {}

  /** The answer; the schema ids are those of the schema formats, null for the others. */
  record Offsets(
      List<Offset> offsets,
      @JsonProperty("key_schema_id") @JsonInclude(JsonInclude.Include.ALWAYS) Integer keySchemaId,
      @JsonProperty("value_schema_id") @JsonInclude(JsonInclude.Include.ALWAYS)
          Integer valueSchemaId) {}

  void addTo(JavalinConfig config) {
    config.routes.post("/topics/{topic}", ctx -> produce(ctx, Optional.empty()));
    config.routes.post(
        "/topics/{topic}/partitions/{partition}",
        ctx ->
            produce(
                ctx,
                Optional.of(
                    (int)
                        Queries.wholeNumber(
                            "partition", ctx.pathParam("partition"), 0, Integer.MAX_VALUE))));
  }

  private void produce(Context ctx, Optional<Integer> partition) {
    String topic = Requests.topicName(ctx.pathParam("topic"));
    guard.access().requireProduce(guard.principal(ctx), topic);
    EmbeddedFormat format = MediaTypes.forProduce(ctx.contentType());
    ProduceRequest body = Json.read(ctx, ProduceRequest.class, null);
    Supplier<CompletableFuture<SchemaProduce.Prepared>> prepare;
    if (format.usesSchemas()) {
      Schemas registry = schemas.orElseThrow(() -> noRegistry(format));
      prepare = () -> SchemaProduce.prepare(registry, topic, partition, format, body);
    } else {
      SchemaProduce.refuseSchemasFor(format, body);
      SchemaProduce.Prepared plain =
          new SchemaProduce.Prepared(
              RecordParser.parse(topic, partition, format, body), null, null);
      prepare = () -> CompletableFuture.completedFuture(plain);
    }
    Map<String, String> login = guard.owner(ctx).kafkaLogin();
    // The topic first: a request for a missing topic registers no schema.
    InsightRoutes.answer(
        ctx,
        topics
            .partitionCount(topic)
            .thenCompose(
                count ->
                    prepare
                        .get()
                        .thenCompose(
                            ready -> {
                              requirePartitions(topic, ready.records(), count);
                              return producer
                                  .send(ready.records(), login)
                                  .thenApply(produced -> offsets(produced, ready));
                            })),
        answer -> answer);
  }

  private static RequestException noRegistry(EmbeddedFormat format) {
    return RequestException.invalid(
        format.wireName()
            + " records need a schema registry, and this gateway has none; set"
            + " schema.registry.url, or produce binary");
  }

  private static void requirePartitions(
      String topic, List<ProducerRecord<byte[], byte[]>> records, int count) {
    for (ProducerRecord<byte[], byte[]> record : records) {
      if (record.partition() != null && record.partition() >= count) {
        throw UnknownTopicException.partition(topic, record.partition(), count);
      }
    }
  }

  /** Per record; when Kafka acknowledged none of them in time, the whole request is a 503. */
  private static Offsets offsets(List<Produced> produced, SchemaProduce.Prepared prepared) {
    if (produced.stream().allMatch(p -> Integer.valueOf(50302).equals(p.errorCode()))) {
      throw new TimeoutException(produced.get(0).error());
    }
    return new Offsets(
        produced.stream()
            .map(
                p ->
                    p.ok()
                        ? new Offset(p.partition(), p.offset(), null, null)
                        : new Offset(null, null, p.errorCode(), p.error()))
            .toList(),
        prepared.keySchemaId(),
        prepared.valueSchemaId());
  }
}
