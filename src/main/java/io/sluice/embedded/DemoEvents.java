package io.sluice.embedded;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sample traffic for the out-of-the-box experience: a {@value #TOPIC} topic with 6 partitions and a
 * few login events a second, keyed by user id, so a newcomer has something to consume at once. Keys
 * and values are JSON, so every embedded format can render them. And an empty {@value #ORDERS}
 * topic, for trying produce (in any format, the schema formats too).
 */
public final class DemoEvents implements AutoCloseable {
  public static final String TOPIC = "user-events";
  public static final String ORDERS = "orders";
  private static final Logger log = LoggerFactory.getLogger(DemoEvents.class);
  private static final List<String> EVENTS = List.of("login", "login", "login", "logout");

  private final KafkaProducer<String, String> producer;
  private final ScheduledExecutorService scheduler;

  private DemoEvents(KafkaProducer<String, String> producer) {
    this.producer = producer;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "sluice-demo-events");
              thread.setDaemon(true);
              return thread;
            });
    scheduler.scheduleAtFixedRate(this::send, 0, 400, TimeUnit.MILLISECONDS);
  }

  /** Creates the topics that are missing and starts producing. */
  public static DemoEvents start(String bootstrapServers) {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      Map<String, KafkaFuture<Void>> created =
          admin
              .createTopics(
                  List.of(new NewTopic(TOPIC, 6, (short) 1), new NewTopic(ORDERS, 3, (short) 1)))
              .values();
      for (Map.Entry<String, KafkaFuture<Void>> topic : created.entrySet()) {
        try {
          topic.getValue().get();
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException(
                "Could not create the demo topic " + topic.getKey(), e.getCause());
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating the demo topics", e);
    }
    KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG,
                "sluice-demo-events",
                ProducerConfig.LINGER_MS_CONFIG,
                5),
            new StringSerializer(),
            new StringSerializer());
    log.info("Producing sample login events to topic {} (embedded.demo=false stops this)", TOPIC);
    return new DemoEvents(producer);
  }

  private void send() {
    try {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      String user = "user-" + random.nextInt(1, 51);
      String event = EVENTS.get(random.nextInt(EVENTS.size()));
      String value =
          String.format(
              "{\"user_id\":\"%s\",\"event\":\"%s\",\"ip\":\"192.0.2.%d\",\"at\":\"%s\"}",
              user, event, random.nextInt(1, 255), Instant.now());
      // Keys are JSON strings too, so every embedded format (json included) renders them.
      producer.send(new ProducerRecord<>(TOPIC, "\"" + user + "\"", value));
    } catch (RuntimeException e) {
      log.warn("Could not send a sample event", e);
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    producer.close();
  }
}
