package io.sluice.support;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A client of one record stream ({@code GET …/records} with an SSE or NDJSON Accept) that reads on
 * its own thread and keeps what arrived: events (SSE) or lines (NDJSON, each a record event), and
 * how the stream ended. {@link #close} cuts the connection, as a client that goes away does.
 * Thread-safe.
 */
public final class EventStream implements AutoCloseable {
  public static final String SSE = "text/event-stream";
  public static final String NDJSON = "application/x-ndjson";
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /** One event: its id, type ({@code record}, {@code rebalance}, {@code error}) and data. */
  public record Event(String id, String type, String data) {
    public Map<String, Object> json() {
      try {
        return MAPPER.readValue(data, new TypeReference<>() {});
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private final HttpResponse<InputStream> response;
  private final List<Event> events = new ArrayList<>();
  private final boolean ndjson;
  private int comments;
  private boolean ended;
  private IOException failure;
  private final String refusal;

  private EventStream(HttpResponse<InputStream> response, boolean ndjson) throws IOException {
    this.response = response;
    this.ndjson = ndjson;
    if (response.statusCode() != 200) {
      try (InputStream body = response.body()) {
        refusal = new String(body.readAllBytes(), StandardCharsets.UTF_8);
      }
      ended = true;
      return;
    }
    refusal = null;
    Thread reader = new Thread(this::read, "event-stream-reader");
    reader.setDaemon(true);
    reader.start();
  }

  /** Opens a stream of {@code url} ({@code …/records?…}); {@code lastEventId} may be null. */
  public static EventStream open(String url, String accept, String lastEventId) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", accept);
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
    }
    try {
      return new EventStream(
          HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()),
          accept.equals(NDJSON));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public int status() {
    return response.statusCode();
  }

  public String header(String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  /** The error envelope of a refused stream (status other than 200). */
  public String refusal() {
    return refusal;
  }

  public synchronized List<Event> events() {
    return List.copyOf(events);
  }

  /** The record events, in arrival order. */
  public synchronized List<Event> records() {
    return events.stream().filter(e -> e.type().equals("record")).toList();
  }

  /** The ids of the record events, in arrival order. */
  public List<String> ids() {
    return records().stream().map(Event::id).toList();
  }

  /** Keep-alive comments seen. */
  public synchronized int comments() {
    return comments;
  }

  /** Whether the stream ended; {@link #failure} tells how. */
  public synchronized boolean ended() {
    return ended;
  }

  /** Why reading failed (a reset), or null if it ended cleanly or still runs. */
  public synchronized IOException failure() {
    return failure;
  }

  /** Cuts the connection. */
  @Override
  public void close() {
    try {
      response.body().close();
    } catch (IOException e) {
      // Closing a cut connection may fail; it is cut either way.
    }
  }

  private void read() {
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String id = null;
      String type = "message";
      StringBuilder data = new StringBuilder();
      String line;
      while ((line = lines.readLine()) != null) {
        if (ndjson) {
          if (!line.isEmpty()) {
            add(new Event(null, "record", line));
          }
        } else if (line.isEmpty()) {
          if (data.length() > 0) {
            add(new Event(id, type, data.toString()));
          }
          id = null;
          type = "message";
          data.setLength(0);
        } else if (line.startsWith(":")) {
          synchronized (this) {
            comments++;
          }
        } else if (line.startsWith("id: ")) {
          id = line.substring(4);
        } else if (line.startsWith("event: ")) {
          type = line.substring(7);
        } else if (line.startsWith("data: ")) {
          data.append(line.substring(6));
        }
      }
      synchronized (this) {
        ended = true;
      }
    } catch (IOException e) {
      synchronized (this) {
        failure = e;
        ended = true;
      }
    }
  }

  private synchronized void add(Event event) {
    events.add(event);
  }
}
