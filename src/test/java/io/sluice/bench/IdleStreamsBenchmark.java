package io.sluice.bench;

import io.sluice.support.GatewayProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * What open idle streams cost: on a gateway process of its own ({@code java -jar}, as the suite's),
 * {@link #STREAMS} instances subscribed to a topic that receives no records; the gateway's threads
 * and heap after GC before their SSE streams open and once all are open, each on its own
 * connection, and per stream. The client holds no thread per stream: {@code java.net.http} reads
 * them asynchronously and discards what arrives (a keep-alive comment every 15 s). The threads
 * after include those Jetty's pool started for the 200 requests arriving at once; idle, they end
 * after the pool's idle timeout.
 */
final class IdleStreamsBenchmark {
  private static final int STREAMS = 200;
  private static final int GROUPS = 20;
  private static final String TOPIC = "bench-idle-streams";
  private static final Pattern OPEN =
      Pattern.compile("(?m)^sluice_streams_open(?:\\{[^}]*\\})? (\\S+)$");

  private final Broker broker;
  private final Path jar;
  private final Map<String, String> settings;
  private final Results results;

  IdleStreamsBenchmark(Broker broker, Path jar, Map<String, String> settings, Results results) {
    this.broker = broker;
    this.jar = jar;
    this.settings = settings;
    this.results = results;
  }

  void run() throws Exception {
    broker.createTopic(TOPIC, 1);
    try (GatewayProcess gateway =
        GatewayProcess.startJar("bench-streams-gateway", jar, broker.bootstrap(), settings)) {
      GatewayClient client = new GatewayClient(gateway.baseUri());
      List<String> instances = new ArrayList<>();
      Set<String> groups = new TreeSet<>();
      for (int i = 0; i < STREAMS; i++) {
        String group = "bench-idle-streams-" + i % GROUPS;
        groups.add(group);
        String instance = client.create(group, "{\"format\":\"binary\"}");
        client.subscribe(instance, TOPIC);
        instances.add(instance);
      }
      broker.awaitMembers(groups, STREAMS, Duration.ofMinutes(5));
      // Joins go on rebalancing the groups a few seconds after the last member counts.
      broker.awaitStable(groups, Duration.ofMinutes(5));
      Vitals before = Vitals.of(gateway.pid());

      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      long start = System.nanoTime();
      List<IdleStream> streams = new ArrayList<>();
      for (String instance : instances) {
        streams.add(IdleStream.open(http, gateway.baseUri() + instance + "/records"));
      }
      try {
        for (IdleStream stream : streams) {
          int status = stream.status.get(1, TimeUnit.MINUTES);
          if (status != 200) {
            throw new IllegalStateException("A stream was answered " + status);
          }
        }
        awaitOpen(client, STREAMS);
        double openSeconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("streams: %d SSE streams open in %.1f s%n", STREAMS, openSeconds);
        Vitals after = Vitals.of(gateway.pid());
        report(before, after, openSeconds);
      } finally {
        streams.forEach(IdleStream::close);
      }
      // Each closed connection ends its stream once the gateway's tick notices (about a second).
      awaitOpen(client, 0);
    }
  }

  private void report(Vitals before, Vitals after, double openSeconds) {
    String with = "with " + STREAMS + " instances, ";
    add("open " + STREAMS + " idle SSE streams, until all are open", "s", openSeconds);
    add("gateway threads, " + with + "no stream", "threads", before.threads());
    add("gateway threads, " + with + STREAMS + " idle SSE streams", "threads", after.threads());
    add(
        "threads per idle SSE stream",
        "threads",
        (after.threads() - before.threads()) / (double) STREAMS);
    add("gateway heap after GC, " + with + "no stream", "MB", before.heapBytes() / 1e6);
    add(
        "gateway heap after GC, " + with + STREAMS + " idle SSE streams",
        "MB",
        after.heapBytes() / 1e6);
    add(
        "heap after GC per idle SSE stream",
        "KB",
        (after.heapBytes() - before.heapBytes()) / 1e3 / STREAMS);
  }

  private void add(String measure, String unit, double value) {
    results.add(Figure.of("stream", measure, unit, Summary.single(value)));
  }

  private static void awaitOpen(GatewayClient client, int count) {
    Awaitility.await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> open(client) == count);
  }

  /** {@code sluice_streams_open} from the gateway's {@code /metrics}. */
  private static int open(GatewayClient client) throws Exception {
    Matcher open = OPEN.matcher(client.get("/metrics"));
    if (!open.find()) {
      throw new IllegalStateException("No sluice_streams_open in /metrics");
    }
    return (int) Double.parseDouble(open.group(1));
  }

  /**
   * One SSE stream read asynchronously: its status is known once the response headers arrive, and
   * every byte after is discarded as it comes. Closing it cancels the body, cutting the connection.
   */
  private static final class IdleStream implements Flow.Subscriber<List<ByteBuffer>> {
    private final CompletableFuture<Integer> status = new CompletableFuture<>();
    private final CompletableFuture<Flow.Subscription> subscription = new CompletableFuture<>();

    static IdleStream open(HttpClient http, String uri) {
      IdleStream stream = new IdleStream();
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(uri)).header("Accept", "text/event-stream").build();
      http.sendAsync(
              request,
              info -> {
                stream.status.complete(info.statusCode());
                return HttpResponse.BodySubscribers.fromSubscriber(stream);
              })
          .whenComplete(
              (response, error) -> {
                if (error != null) {
                  stream.status.completeExceptionally(error);
                }
              });
      return stream;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription.complete(subscription);
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      // Keep-alive comments: nothing to keep.
    }

    @Override
    public void onError(Throwable error) {
      status.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
      // The stream ended; closing it later does nothing.
    }

    void close() {
      subscription.thenAccept(Flow.Subscription::cancel);
    }
  }
}
