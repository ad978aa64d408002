package io.sluice.support;

import io.sluice.support.ConsumerClient.Answer;
import io.sluice.support.ConsumerClient.Fetched;
import io.sluice.support.ConsumerClient.Received;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * One HTTP client reading one consumer instance: it fetches, notes every record in the {@link
 * Ledger}, and after each non-empty batch commits as it was told. Every loop is bounded by a round
 * count and a deadline. Driven by one thread at a time; its counters may be read by any.
 */
public final class InstanceReader {
  private static final int QUIET_FETCHES = 3;
  private static final int MAX_ROUNDS = 100_000;

  /** How the client acknowledges what it received. */
  public enum Commits {
    /** {@code POST …/offsets} naming the last record of each partition in the batch. */
    WITH_BODY,
    /** {@code POST …/offsets} without a body: whatever the gateway counts as delivered. */
    WITHOUT_BODY,
    /** No commits: the instance auto-commits, or nobody does. */
    NONE
  }

  private final ConsumerClient client;
  private final String path;
  private final Ledger ledger;
  private final Commits commits;
  private final String query;
  private final Map<Integer, Integer> fetchStatuses = new ConcurrentHashMap<>();
  private final Map<Integer, Integer> commitStatuses = new ConcurrentHashMap<>();
  private final Map<Integer, Integer> uncommitted = new ConcurrentHashMap<>();
  private final AtomicInteger batches = new AtomicInteger();
  private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
  private volatile int lastBatchSize;

  /** A reader of the instance at {@code path}, fetching with {@code query} (without the ?). */
  public InstanceReader(
      ConsumerClient client, String path, Ledger ledger, Commits commits, String query) {
    this.client = client;
    this.path = path;
    this.ledger = ledger;
    this.commits = commits;
    this.query = query;
  }

  public ConsumerClient client() {
    return client;
  }

  public String path() {
    return path;
  }

  public Ledger ledger() {
    return ledger;
  }

  /** One fetch and, if it brought records, one commit; answers the records. */
  public List<Received> round() {
    Fetched fetched = client.fetch(path, query);
    fetchStatuses.merge(fetched.status(), 1, Integer::sum);
    accept(fetched.records());
    return fetched.records();
  }

  /** Takes a batch the client received (by whatever means), then commits as told. */
  public void accept(List<Received> batch) {
    if (batch.isEmpty()) {
      return;
    }
    batches.incrementAndGet();
    received.addAll(batch);
    lastBatchSize = batch.size();
    for (Received record : batch) {
      ledger.receive(record.seq(), record.partition());
      uncommitted.merge(record.partition(), 1, Integer::sum);
    }
    if (commits == Commits.NONE) {
      return;
    }
    Answer answer =
        commits == Commits.WITH_BODY ? client.commit(path, batch) : client.commitDelivered(path);
    commitStatuses.merge(answer.status(), 1, Integer::sum);
    if (answer.status() == 200) {
      if (commits == Commits.WITH_BODY) {
        batch.forEach(record -> uncommitted.remove(record.partition()));
      } else {
        uncommitted.clear();
      }
    }
  }

  /** Fetches until the gateway is gone: a request fails in transport (the process died). */
  public void streamUntilGone(Duration atMost) {
    long end = System.nanoTime() + atMost.toNanos();
    for (int i = 0; i < MAX_ROUNDS && System.nanoTime() < end; i++) {
      try {
        round();
      } catch (UncheckedIOException gone) {
        return;
      }
    }
  }

  /** Fetches while {@code go} holds. */
  public void streamWhile(BooleanSupplier go, Duration atMost) {
    long end = System.nanoTime() + atMost.toNanos();
    for (int i = 0; i < MAX_ROUNDS && go.getAsBoolean() && System.nanoTime() < end; i++) {
      round();
    }
  }

  /** Fetches until every produced record arrived or nothing came for a few fetches in a row. */
  public void streamToTheEnd(Duration atMost) {
    stream(atMost, true);
  }

  /** Fetches until nothing came for a few fetches in a row. */
  public void streamUntilQuiet(Duration atMost) {
    stream(atMost, false);
  }

  private void stream(Duration atMost, boolean stopWhenComplete) {
    long end = System.nanoTime() + atMost.toNanos();
    int quiet = 0;
    for (int i = 0; i < MAX_ROUNDS && quiet < QUIET_FETCHES && System.nanoTime() < end; i++) {
      if (stopWhenComplete && ledger.complete()) {
        return;
      }
      quiet = round().isEmpty() ? quiet + 1 : 0;
    }
  }

  /** Answers to GET records by status. */
  public Map<Integer, Integer> fetchStatuses() {
    return Map.copyOf(fetchStatuses);
  }

  /** Answers to commits by status. */
  public Map<Integer, Integer> commitStatuses() {
    return Map.copyOf(commitStatuses);
  }

  /** Non-empty batches received. */
  public int batches() {
    return batches.get();
  }

  /** Records received per partition since the last successful commit that covered them. */
  public Map<Integer, Integer> uncommitted() {
    return Map.copyOf(uncommitted);
  }

  /**
   * Every record received before the last batch: what a later request of the client acknowledged
   * (the last batch is acknowledged only by a request that has not come yet).
   */
  public List<Received> receivedBeforeLastBatch() {
    List<Received> all = received();
    return all.subList(0, all.size() - lastBatchSize);
  }

  /** Every record received, in order. */
  public List<Received> received() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }
}
