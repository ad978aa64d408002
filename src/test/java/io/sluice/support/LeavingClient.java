package io.sluice.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * HTTP/1.1 over a bare socket, for clients that misbehave on purpose: one that gives up waiting and
 * closes its connection, one that sends a request and never reads the answer. Only what those need:
 * GET, and answers with {@code Content-Length} or chunked bodies.
 */
public final class LeavingClient {
  private static final int MAX_READS = 10_000;

  private LeavingClient() {}

  /** A status and the body as text. */
  public record Answer(int status, String body) {}

  /**
   * Opens a connection to {@code base} and sends a GET; nothing is read. The caller owns the socket
   * and closes it when the client is meant to be gone for good.
   */
  public static Socket send(URI base, String pathAndQuery, String accept) throws IOException {
    Socket socket = new Socket(base.getHost(), base.getPort());
    String request =
        "GET "
            + pathAndQuery
            + " HTTP/1.1\r\nHost: "
            + base.getHost()
            + ":"
            + base.getPort()
            + "\r\nAccept: "
            + accept
            + "\r\nUser-Agent: sluice-fault-test\r\n\r\n";
    socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
    return socket;
  }

  /**
   * Sends a GET and waits at most {@code patience} for the whole answer, as an HTTP client with
   * that timeout does, then closes the connection either way. Empty when the answer did not come in
   * time: the connection was closed with the request still open on the server.
   */
  public static Optional<Answer> get(
      URI base, String pathAndQuery, String accept, Duration patience) throws IOException {
    long deadline = System.nanoTime() + patience.toNanos();
    try (Socket socket = send(base, pathAndQuery, accept)) {
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      for (int reads = 0; reads < MAX_READS; reads++) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          return Optional.empty();
        }
        socket.setSoTimeout((int) left);
        int n;
        try {
          n = in.read(buffer);
        } catch (SocketTimeoutException e) {
          return Optional.empty();
        }
        if (n < 0) {
          throw new IOException("Connection closed before a whole answer: " + received);
        }
        received.write(buffer, 0, n);
        Optional<Answer> answer = complete(received.toByteArray());
        if (answer.isPresent()) {
          return answer;
        }
      }
      throw new IOException("No whole answer after " + MAX_READS + " reads");
    }
  }

  /** The answer, once these bytes hold all of it. */
  private static Optional<Answer> complete(byte[] bytes) {
    int headerEnd = indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
    if (headerEnd < 0) {
      return Optional.empty();
    }
    String[] head = new String(bytes, 0, headerEnd, StandardCharsets.ISO_8859_1).split("\r\n");
    int status = Integer.parseInt(head[0].split(" ")[1]);
    long contentLength = -1;
    boolean chunked = false;
    for (int i = 1; i < head.length; i++) {
      String[] header = head[i].split(":", 2);
      String name = header[0].trim().toLowerCase(Locale.ROOT);
      String value = header.length > 1 ? header[1].trim() : "";
      if (name.equals("content-length")) {
        contentLength = Long.parseLong(value);
      } else if (name.equals("transfer-encoding")
          && value.toLowerCase(Locale.ROOT).contains("chunked")) {
        chunked = true;
      }
    }
    int bodyStart = headerEnd + 4;
    if (chunked) {
      return dechunk(bytes, bodyStart).map(body -> new Answer(status, body));
    }
    long length = Math.max(0, contentLength);
    if (bytes.length - bodyStart < length) {
      return Optional.empty();
    }
    return Optional.of(
        new Answer(status, new String(bytes, bodyStart, (int) length, StandardCharsets.UTF_8)));
  }

  private static Optional<String> dechunk(byte[] bytes, int start) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    byte[] crlf = "\r\n".getBytes(StandardCharsets.US_ASCII);
    int pos = start;
    while (pos < bytes.length) {
      int lineEnd = indexOf(bytes, crlf, pos);
      if (lineEnd < 0) {
        return Optional.empty();
      }
      String sizeLine = new String(bytes, pos, lineEnd - pos, StandardCharsets.US_ASCII);
      int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
      pos = lineEnd + 2;
      if (size == 0) {
        return Optional.of(body.toString(StandardCharsets.UTF_8));
      }
      if (bytes.length < pos + size + 2) {
        return Optional.empty();
      }
      body.write(bytes, pos, size);
      pos += size + 2;
    }
    return Optional.empty();
  }

  private static int indexOf(byte[] bytes, byte[] pattern, int from) {
    for (int i = from; i <= bytes.length - pattern.length; i++) {
      boolean match = true;
      for (int j = 0; j < pattern.length && match; j++) {
        match = bytes[i + j] == pattern[j];
      }
      if (match) {
        return i;
      }
    }
    return -1;
  }
}
