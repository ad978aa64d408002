package io.sluice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.SoftAssertions.assertSoftly;
import static org.awaitility.Awaitility.await;

import io.sluice.embedded.EmbeddedKafka;
import io.sluice.support.ConsumerClient;
import io.sluice.support.ConsumerClient.Received;
import io.sluice.support.GatewayProcess;
import io.sluice.support.InstanceReader;
import io.sluice.support.InstanceReader.Commits;
import io.sluice.support.LeavingClient;
import io.sluice.support.Ledger;
import io.sluice.support.Names;
import io.sluice.support.TestBroker;
import io.sluice.support.TestGateway;
import io.sluice.support.TestKafka;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Faults a gateway meets in production, each measured against Sluice's promise: a record no client
 * received is never committed, so nothing is lost. Clients are plain HTTP programs; records carry a
 * sequence number that a {@link Ledger} tracks from the producer's acknowledgement to every client
 * that received it. Each scenario prints one line, {@code FaultIT <scenario>: produced=N
 * delivered=N duplicates=N lost=N seconds=S}, then asserts. Lost means produced and received by no
 * client even after a final drain: a fresh instance in the same group fetching until nothing more
 * comes for a few seconds.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class FaultIT {
  private static final String TEXT = ConsumerClient.TEXT;
  private static final String QUERY = "timeout=1000&max_bytes=4096";
  private static final int RECORDS = 50_000;
  private static final int FAULT_AFTER = 20_000;
  private static final Duration LONG = Duration.ofSeconds(90);
  private static final int LANES = 10;
  private static final int TRIALS = 2;
  private static final int PER_TRIAL = 10;

  private static TestGateway gateway;

  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(LANES);

  @BeforeAll
  static void startGateway() {
    gateway = TestGateway.start();
  }

  @AfterAll
  static void stopGateway() {
    gateway.close();
  }

  @AfterEach
  void stopThreads() throws InterruptedException {
    threads.shutdownNow();
    scheduler.shutdownNow();
    threads.awaitTermination(30, TimeUnit.SECONDS);
    scheduler.awaitTermination(30, TimeUnit.SECONDS);
  }

  @Test
  void killingTheGatewayMidStreamLosesNothingAndRepeatsOnlyUncommittedRecords() throws Exception {
    Ledger ledger = new Ledger("kill9-explicit-commits", RECORDS);
    String topic = newTopic(TestBroker.bootstrapServers(), "fault-kill", 3);
    produce(ledger, TestBroker.bootstrapServers(), topic, 3, RECORDS);
    String group = Names.unique("kill9");
    // A killed gateway's member holds its partitions for its session timeout (Kafka's default is
    // 45 s): this client asks for 6 s, so its instance created again takes over within the test.
    Map<String, String> settings =
        settings(
            false, "name", "reader", "session.timeout.ms", "6000", "heartbeat.interval.ms", "1000");

    Map<Integer, Integer> uncommittedAtKill;
    int deliveredAtKill;
    try (GatewayProcess process =
        GatewayProcess.start("fault-kill9", TestBroker.bootstrapServers(), Map.of())) {
      ConsumerClient client = new ConsumerClient(process.baseUri());
      String path = client.create(group, settings);
      client.subscribe(path, topic);
      InstanceReader reader = new InstanceReader(client, path, ledger, Commits.WITH_BODY, QUERY);
      Future<?> streaming = threads.submit(() -> reader.streamUntilGone(LONG));
      await().atMost(LONG).until(() -> ledger.delivered() >= FAULT_AFTER || streaming.isDone());

      deliveredAtKill = ledger.delivered();
      process.kill();
      streaming.get(60, TimeUnit.SECONDS);
      uncommittedAtKill = reader.uncommitted();

      process.restart();
      ConsumerClient again = new ConsumerClient(process.baseUri());
      continueToTheEnd(again, group, settings, topic, ledger, Commits.WITH_BODY);
      drain(again, group, topic, ledger);
    }

    System.out.println(ledger.line());
    assertSoftly(
        softly -> {
          softly.assertThat(deliveredAtKill).as("delivered at the kill").isLessThan(RECORDS);
          softly.assertThat(ledger.lost()).as("lost, the first: %s", ledger.lostSample()).isZero();
          ledger
              .duplicatesByPartition()
              .forEach(
                  (partition, duplicates) ->
                      softly
                          .assertThat(duplicates)
                          .as(
                              "duplicates on partition %d; uncommitted at the kill: %s",
                              partition, uncommittedAtKill)
                          .isLessThanOrEqualTo(uncommittedAtKill.getOrDefault(partition, 0)));
        });
  }

  @Test
  void killingAnAutoCommitGatewayWithAFullPrefetchBufferLosesNothing() throws Exception {
    Ledger ledger = new Ledger("kill9-auto-commit-full-buffer", RECORDS);
    String topic = newTopic(TestBroker.bootstrapServers(), "fault-kill-auto", 3);
    produce(ledger, TestBroker.bootstrapServers(), topic, 3, RECORDS);
    String group = Names.unique("kill9-auto");
    // A 6 s session, as in the scenario above; auto-commits every second rather than every 5 s.
    Map<String, String> settings =
        settings(
            true,
            "name",
            "reader",
            "auto.commit.interval.ms",
            "1000",
            "session.timeout.ms",
            "6000",
            "heartbeat.interval.ms",
            "1000");

    try (GatewayProcess process =
        GatewayProcess.start(
            "fault-kill9-auto",
            TestBroker.bootstrapServers(),
            Map.of("consumer.buffer.max.records", "500"))) {
      ConsumerClient client = new ConsumerClient(process.baseUri());
      String path = client.create(group, settings);
      client.subscribe(path, topic);
      InstanceReader reader = new InstanceReader(client, path, ledger, Commits.NONE, QUERY);
      reader.streamWhile(() -> ledger.delivered() < FAULT_AFTER, LONG);
      await()
          .atMost(LONG)
          .until(
              () -> {
                String scrape = client.metrics();
                return gauge(scrape, "sluice_consumer_buffered_records") >= 500
                    && gauge(scrape, "sluice_consumer_paused_partitions") > 0;
              });
      // The client stays idle while auto-commits (every second) run with the buffer full; they
      // cover at least what its requests acknowledged (all but its last batch).
      Map<TopicPartition, Long> acknowledged = nextOffsets(reader.receivedBeforeLastBatch());
      await()
          .pollDelay(Duration.ofMillis(2500))
          .atMost(LONG)
          .until(
              () -> {
                Map<TopicPartition, Long> committed = TestKafka.committedOffsets(group);
                return acknowledged.entrySet().stream()
                    .allMatch(e -> committed.getOrDefault(e.getKey(), 0L) >= e.getValue());
              });
      assertThat(gauge(client.metrics(), "sluice_consumer_buffered_records"))
          .as("records buffered at the kill")
          .isGreaterThanOrEqualTo(500);

      process.kill();

      process.restart();
      ConsumerClient again = new ConsumerClient(process.baseUri());
      continueToTheEnd(again, group, settings, topic, ledger, Commits.NONE);
      drain(again, group, topic, ledger);
    }

    System.out.println(ledger.line());
    assertSoftly(
        softly ->
            softly
                .assertThat(ledger.lost())
                .as("lost, the first: %s", ledger.lostSample())
                .isZero());
  }

  @Test
  void membersJoiningAndLeavingWhileRecordsStreamLoseNothing() throws Exception {
    Ledger ledger = new Ledger("rebalance-churn", RECORDS);
    String topic = newTopic(TestBroker.bootstrapServers(), "fault-churn", 6);
    String group = Names.unique("churn");
    ConsumerClient client = new ConsumerClient(gateway.baseUri());
    KafkaProducer<byte[], byte[]> producer = Ledger.producer(TestBroker.bootstrapServers());
    int chunks = 50;
    int chunk = RECORDS / chunks;
    // One thread: chunks go one after another, each at least 400 ms after the one before.
    ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
    List<Future<?>> production = new ArrayList<>();
    for (int i = 0; i < chunks; i++) {
      int from = i * chunk;
      production.add(
          pacer.schedule(
              () -> ledger.produce(producer, topic, 6, from, chunk),
              i * 400L,
              TimeUnit.MILLISECONDS));
    }
    List<Member> everyone = new CopyOnWriteArrayList<>();
    Deque<Member> members = new ArrayDeque<>();

    try {
      for (int i = 0; i < 2; i++) {
        members.add(join(client, group, topic, ledger, everyone));
      }
      for (int step = 0; step < 10; step++) {
        idle(Duration.ofSeconds(2));
        members.add(join(client, group, topic, ledger, everyone));
        if (members.size() > 3) {
          members.removeFirst().leave();
        }
      }
      for (Future<?> sent : production) {
        sent.get(60, TimeUnit.SECONDS);
      }
      eventually(LONG, ledger::complete);
    } finally {
      for (Member member : members) {
        member.leave();
      }
      pacer.shutdownNow();
      producer.close();
    }
    drain(client, group, topic, ledger);

    System.out.println(ledger.line());
    Map<Integer, Integer> fetchStatuses = new HashMap<>();
    Map<Integer, Integer> commitStatuses = new HashMap<>();
    everyone.forEach(
        member -> {
          member.reader.fetchStatuses().forEach((s, n) -> fetchStatuses.merge(s, n, Integer::sum));
          member
              .reader
              .commitStatuses()
              .forEach((s, n) -> commitStatuses.merge(s, n, Integer::sum));
        });
    assertSoftly(
        softly -> {
          softly.assertThat(ledger.lost()).as("lost, the first: %s", ledger.lostSample()).isZero();
          softly.assertThat(everyone).as("members that took part").hasSizeGreaterThanOrEqualTo(12);
          softly.assertThat(fetchStatuses.keySet()).as("fetch statuses").containsOnly(200);
          softly
              .assertThat(commitStatuses.keySet())
              .as("commit statuses %s", commitStatuses)
              .isSubsetOf(200, 409);
        });
  }

  @Test
  void restartingTheBrokerUnderAConsumingGatewayLosesNothing() throws Exception {
    Ledger ledger = new Ledger("broker-restart", 40_000);
    Path dir = Files.createTempDirectory("sluice-fault-broker-");
    int port = GatewayProcess.freePort();
    EmbeddedKafka broker = EmbeddedKafka.start(port, dir);
    String bootstrap = broker.bootstrapServers();
    String topic = newTopic(bootstrap, "fault-broker", 3);
    produce(ledger, bootstrap, topic, 3, 20_000, 0);
    String group = Names.unique("broker-restart");
    AtomicBoolean streaming = new AtomicBoolean(true);
    InstanceReader reader;

    try (GatewayProcess process =
        GatewayProcess.start("fault-broker-restart", bootstrap, Map.of())) {
      ConsumerClient client = new ConsumerClient(process.baseUri());
      String path = client.create(group, settings(false));
      client.subscribe(path, topic);
      reader = new InstanceReader(client, path, ledger, Commits.WITH_BODY, QUERY);
      Future<?> consuming =
          threads.submit(() -> reader.streamWhile(streaming::get, Duration.ofSeconds(200)));
      await().atMost(LONG).until(() -> ledger.delivered() >= 10_000 || consuming.isDone());

      broker.close();
      await().atMost(LONG).until(() -> client.readiness() == 503);
      broker = EmbeddedKafka.start(port, dir);
      produce(ledger, bootstrap, topic, 3, 20_000, 20_000);
      eventually(LONG, ledger::complete);

      streaming.set(false);
      consuming.get(60, TimeUnit.SECONDS);
      client.delete(path);
      drain(client, group, topic, ledger);
    } finally {
      broker.close();
      deleteTree(dir);
    }

    System.out.println(ledger.line());
    assertSoftly(
        softly -> {
          softly.assertThat(ledger.lost()).as("lost, the first: %s", ledger.lostSample()).isZero();
          softly
              .assertThat(reader.fetchStatuses().keySet())
              .as(
                  "the instance kept answering fetches: %s (commits: %s)",
                  reader.fetchStatuses(), reader.commitStatuses())
              .containsOnly(200);
        });
  }

  @Test
  void abandonedLongPollsLoseNothingForAClientThatCommitsWhatItReceived() throws Exception {
    Ledger ledger = new Ledger("abandoned-long-polls-commit", LANES * (TRIALS + 1) * PER_TRIAL);
    ConsumerClient client = new ConsumerClient(gateway.baseUri());

    try (KafkaProducer<byte[], byte[]> producer = Ledger.producer(TestBroker.bootstrapServers())) {
      List<Future<?>> lanes =
          IntStream.range(0, LANES)
              .<Future<?>>mapToObj(
                  lane ->
                      threads.submit(
                          () -> {
                            committingLane(client, producer, ledger, lane);
                            return null;
                          }))
              .toList();
      for (Future<?> lane : lanes) {
        lane.get(200, TimeUnit.SECONDS);
      }
    }

    System.out.println(ledger.line());
    assertSoftly(
        softly ->
            softly
                .assertThat(ledger.lost())
                .as("lost, the first: %s", ledger.lostSample())
                .isZero());
  }

  @Test
  void abandonedLongPollsNeverLetAutoCommitPassWhatTheClientReceived() throws Exception {
    Ledger ledger = new Ledger("abandoned-long-polls-auto-commit", LANES * TRIALS * PER_TRIAL);
    ConsumerClient client = new ConsumerClient(gateway.baseUri());
    List<String> overcommits = new CopyOnWriteArrayList<>();

    try (KafkaProducer<byte[], byte[]> producer = Ledger.producer(TestBroker.bootstrapServers())) {
      List<Future<?>> lanes =
          IntStream.range(0, LANES)
              .<Future<?>>mapToObj(
                  lane ->
                      threads.submit(
                          () -> {
                            autoCommitLane(client, producer, ledger, lane, overcommits);
                            return null;
                          }))
              .toList();
      for (Future<?> lane : lanes) {
        lane.get(200, TimeUnit.SECONDS);
      }
    }

    System.out.println(ledger.line());
    assertSoftly(
        softly -> {
          softly.assertThat(ledger.lost()).as("lost, the first: %s", ledger.lostSample()).isZero();
          softly.assertThat(overcommits).as("commits past what the client received").isEmpty();
        });
  }

  @Test
  void anAutoCommitInstanceWhoseClientVanishedNeverCommitsTheBatchItDidNotRead() throws Exception {
    Ledger ledger = new Ledger("vanished-client-auto-commit", 300);
    String topic = newTopic(TestBroker.bootstrapServers(), "fault-vanished", 1);
    produce(ledger, TestBroker.bootstrapServers(), topic, 1, 300);
    String group = Names.unique("vanished");
    ConsumerClient client = new ConsumerClient(gateway.baseUri());
    String path = client.create(group, settings(true, "consumer.instance.timeout.ms", "2000"));
    client.subscribe(path, topic);
    InstanceReader reader =
        new InstanceReader(client, path, ledger, Commits.NONE, "timeout=1000&max_records=100");
    for (int i = 0; i < 30 && reader.batches() < 2; i++) {
      reader.round();
    }
    long read = reader.received().stream().mapToLong(Received::offset).max().orElse(-1) + 1;

    // The client sends its next fetch and vanishes: its connection stays, the answer goes unread.
    Socket vanished =
        LeavingClient.send(client.base(), path + "/records?timeout=1000&max_records=100", TEXT);
    long committed;
    try {
      await().atMost(LONG).until(() -> TestKafka.members(group).isEmpty());
      committed = TestKafka.committedOffsets(group).getOrDefault(new TopicPartition(topic, 0), 0L);
    } finally {
      vanished.close();
    }
    drain(client, group, topic, ledger);

    System.out.println(ledger.line());
    assertSoftly(
        softly -> {
          softly.assertThat(ledger.lost()).as("lost, the first: %s", ledger.lostSample()).isZero();
          softly
              .assertThat(committed)
              .as("committed offset; the client read offsets below %d", read)
              .isLessThanOrEqualTo(read);
        });
  }

  @Test
  void sigtermOfAnAutoCommitGatewayMidStreamLosesNothing() throws Exception {
    Ledger ledger = new Ledger("sigterm-auto-commit", RECORDS);
    String topic = newTopic(TestBroker.bootstrapServers(), "fault-sigterm", 3);
    produce(ledger, TestBroker.bootstrapServers(), topic, 3, RECORDS);
    String group = Names.unique("sigterm");
    Map<String, String> settings = settings(true, "name", "reader");
    int deliveredAtStop;
    int exitCode;

    try (GatewayProcess process =
        GatewayProcess.start("fault-sigterm", TestBroker.bootstrapServers(), Map.of())) {
      ConsumerClient client = new ConsumerClient(process.baseUri());
      String path = client.create(group, settings);
      client.subscribe(path, topic);
      InstanceReader reader = new InstanceReader(client, path, ledger, Commits.NONE, QUERY);
      Future<?> streaming = threads.submit(() -> reader.streamUntilGone(LONG));
      await().atMost(LONG).until(() -> ledger.delivered() >= FAULT_AFTER || streaming.isDone());

      deliveredAtStop = ledger.delivered();
      exitCode = process.terminate();
      streaming.get(60, TimeUnit.SECONDS);

      process.restart();
      ConsumerClient again = new ConsumerClient(process.baseUri());
      continueToTheEnd(again, group, settings, topic, ledger, Commits.NONE);
      drain(again, group, topic, ledger);
    }

    System.out.println(ledger.line());
    assertSoftly(
        softly -> {
          softly.assertThat(deliveredAtStop).as("delivered at SIGTERM").isLessThan(RECORDS);
          softly.assertThat(exitCode).as("exit code after SIGTERM").isZero();
          softly.assertThat(ledger.lost()).as("lost, the first: %s", ledger.lostSample()).isZero();
        });
  }

  /**
   * One lane of the abandoned-long-poll scenario for a client that commits without a body after
   * each batch: one instance for all its trials, and after them ten more records that the client
   * fetches and commits as usual, as a client that keeps going does.
   */
  private void committingLane(
      ConsumerClient client, KafkaProducer<byte[], byte[]> producer, Ledger ledger, int lane)
      throws Exception {
    String topic = newTopic(TestBroker.bootstrapServers(), "fault-abandon", 1);
    String group = Names.unique("abandon");
    String path = client.create(group, settings(false));
    client.subscribe(path, topic);
    client.awaitAssignment(path, LONG);
    InstanceReader reader =
        new InstanceReader(client, path, ledger, Commits.WITHOUT_BODY, "timeout=1000");
    int first = lane * (TRIALS + 1) * PER_TRIAL;
    for (int trial = 0; trial < TRIALS; trial++) {
      abandonedTrial(reader, producer, topic, first + trial * PER_TRIAL);
    }
    int last = first + TRIALS * PER_TRIAL;
    ledger.produce(producer, topic, 1, last, PER_TRIAL);
    for (int i = 0; i < 30 && !ledger.received(last, PER_TRIAL); i++) {
      reader.round();
    }
    client.delete(path);
    drain(client, group, topic, ledger);
  }

  /**
   * One lane of the abandoned-long-poll scenario for an auto-committing client: an instance per
   * trial, deleted at its end (which commits); then the group's committed offset is compared with
   * what the client received.
   */
  private void autoCommitLane(
      ConsumerClient client,
      KafkaProducer<byte[], byte[]> producer,
      Ledger ledger,
      int lane,
      List<String> overcommits)
      throws Exception {
    String topic = newTopic(TestBroker.bootstrapServers(), "fault-abandon-auto", 1);
    TopicPartition partition = new TopicPartition(topic, 0);
    String group = Names.unique("abandon-auto");
    Set<Long> received = ConcurrentHashMap.newKeySet();
    for (int trial = 0; trial < TRIALS; trial++) {
      String path = client.create(group, settings(true));
      client.subscribe(path, topic);
      client.awaitAssignment(path, LONG);
      InstanceReader reader =
          new InstanceReader(client, path, ledger, Commits.NONE, "timeout=1000");
      abandonedTrial(reader, producer, topic, (lane * TRIALS + trial) * PER_TRIAL);
      reader.received().forEach(r -> received.add(r.offset()));
      client.delete(path);

      long committed = TestKafka.committedOffsets(group).getOrDefault(partition, 0L);
      long neverReceived =
          LongStream.range(0, committed).filter(o -> !received.contains(o)).count();
      if (neverReceived > 0) {
        overcommits.add(
            String.format(
                "lane %d trial %d: committed %d, but the client never received %d records below it",
                lane, trial, committed, neverReceived));
      }
    }
    drain(client, group, topic, ledger);
  }

  /**
   * A client asks for records with a 15 s wait but gives up after 2 s and closes its connection;
   * about 1 s later ten records arrive; the client fetches again at once and keeps going until it
   * has them or nothing more comes.
   */
  private void abandonedTrial(
      InstanceReader reader, KafkaProducer<byte[], byte[]> producer, String topic, int from)
      throws Exception {
    Optional<LeavingClient.Answer> answer =
        LeavingClient.get(
            reader.client().base(),
            reader.path() + "/records?timeout=15000",
            TEXT,
            Duration.ofSeconds(2));
    answer.ifPresent(a -> reader.accept(ConsumerClient.records(a.body())));
    Future<?> production =
        scheduler.schedule(
            () -> reader.ledger().produce(producer, topic, 1, from, PER_TRIAL),
            1,
            TimeUnit.SECONDS);
    int quiet = 0;
    for (int i = 0; i < 30 && quiet < 2 && !reader.ledger().received(from, PER_TRIAL); i++) {
      boolean produced = production.isDone();
      quiet = reader.round().isEmpty() && produced ? quiet + 1 : 0;
    }
    production.get(30, TimeUnit.SECONDS);
  }

  /** The client of a restarted gateway: creates its instance again and reads on to the end. */
  private static void continueToTheEnd(
      ConsumerClient client,
      String group,
      Map<String, String> settings,
      String topic,
      Ledger ledger,
      Commits commits) {
    String path = client.create(group, settings);
    client.subscribe(path, topic);
    client.awaitAssignment(path, LONG);
    new InstanceReader(client, path, ledger, commits, QUERY).streamToTheEnd(LONG);
    client.delete(path);
  }

  /** A fresh instance in the group fetches until nothing more comes; what it gets counts. */
  private static void drain(ConsumerClient client, String group, String topic, Ledger ledger) {
    String path = client.create(group, settings(false));
    client.subscribe(path, topic);
    client.awaitAssignment(path, LONG);
    new InstanceReader(client, path, ledger, Commits.NONE, QUERY).streamUntilQuiet(LONG);
    client.delete(path);
  }

  /** A churning member: joins now, streams on its own thread, leaves when told. */
  private Member join(
      ConsumerClient client, String group, String topic, Ledger ledger, List<Member> everyone) {
    String path = client.create(group, settings(false));
    client.subscribe(path, topic);
    InstanceReader reader =
        new InstanceReader(client, path, ledger, Commits.WITH_BODY, "timeout=500&max_bytes=4096");
    AtomicBoolean staying = new AtomicBoolean(true);
    Future<?> running =
        threads.submit(
            () -> {
              reader.streamWhile(staying::get, Duration.ofSeconds(180));
              client.delete(path);
            });
    Member member = new Member(reader, staying, running);
    everyone.add(member);
    return member;
  }

  private record Member(InstanceReader reader, AtomicBoolean staying, Future<?> running) {
    void leave() throws Exception {
      staying.set(false);
      running.get(60, TimeUnit.SECONDS);
    }
  }

  private static void produce(
      Ledger ledger, String bootstrapServers, String topic, int partitions, int count) {
    produce(ledger, bootstrapServers, topic, partitions, count, 0);
  }

  private static void produce(
      Ledger ledger, String bootstrapServers, String topic, int partitions, int count, int from) {
    try (KafkaProducer<byte[], byte[]> producer = Ledger.producer(bootstrapServers)) {
      ledger.produce(producer, topic, partitions, from, count);
    }
  }

  /** Create-request fields: text format, from the earliest offset, plus {@code more} pairs. */
  private static Map<String, String> settings(boolean autoCommit, String... more) {
    Map<String, String> settings = new HashMap<>();
    settings.put("format", "text");
    settings.put("auto.offset.reset", "earliest");
    settings.put("auto.commit.enable", Boolean.toString(autoCommit));
    for (int i = 0; i + 1 < more.length; i += 2) {
      settings.put(more[i], more[i + 1]);
    }
    return settings;
  }

  /**
   * Creates a topic and returns once its leader serves it. Producing at once with several batches
   * in flight sometimes met NOT_LEADER_OR_FOLLOWER on the first batch and then an idempotent
   * producer stuck on OUT_OF_ORDER_SEQUENCE_NUMBER until its delivery timeout (Kafka 4.3.1, under
   * load); the partitions' offsets can be listed once the leader has loaded them.
   */
  private static String newTopic(String bootstrapServers, String prefix, int partitions)
      throws Exception {
    String topic = Names.unique(prefix);
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
      Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
      for (int p = 0; p < partitions; p++) {
        ends.put(new TopicPartition(topic, p), OffsetSpec.latest());
      }
      await()
          .atMost(LONG)
          .ignoreExceptions()
          .until(
              () -> admin.listOffsets(ends).all().get(10, TimeUnit.SECONDS).size() == partitions);
    }
    return topic;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  /** Per partition, the offset after the last of these records. */
  private static Map<TopicPartition, Long> nextOffsets(List<Received> records) {
    Map<TopicPartition, Long> next = new HashMap<>();
    records.forEach(r -> next.merge(r.topicPartition(), r.offset() + 1, Math::max));
    return next;
  }

  private static double gauge(String scrape, String series) {
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$").matcher(scrape);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  /** Waits for {@code condition}; answers whether it came true (the measurement decides). */
  private static boolean eventually(Duration atMost, Callable<Boolean> condition) {
    try {
      await().atMost(atMost).pollInterval(Duration.ofMillis(200)).until(condition);
      return true;
    } catch (ConditionTimeoutException e) {
      return false;
    }
  }

  /** The test's churn driver deliberately does nothing for a while. */
  private static void idle(Duration duration) {
    await().pollDelay(duration).atMost(duration.plusSeconds(5)).until(() -> true);
  }
}
