package io.sluice.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, byte for byte as written: bodies that are not UTF-8, paths that are
 * not valid URIs, headers and framing no HTTP client library would send. One request per connection
 * ({@code Connection: close}).
 */
public final class RawHttp {
  private static final int READ_TIMEOUT_MS = 15_000;

  private RawHttp() {}

  /** What came back: the status, the headers (names in lower case) and the body, de-chunked. */
  public record Answer(int status, Map<String, String> headers, byte[] body) {
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /**
   * A well-framed request: {@code Host}, {@code Connection: close}, the extra headers, and a {@code
   * Content-Length} when there is a body.
   */
  public static byte[] request(
      String method, String target, String host, Map<String, String> headers, byte[] body) {
    StringBuilder head = new StringBuilder();
    head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    head.append("Host: ").append(host).append("\r\n");
    headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
    if (body != null) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    head.append("Connection: close\r\n\r\n");
    byte[] start = head.toString().getBytes(StandardCharsets.UTF_8);
    if (body == null) {
      return start;
    }
    byte[] all = Arrays.copyOf(start, start.length + body.length);
    System.arraycopy(body, 0, all, start.length, body.length);
    return all;
  }

  /**
   * Writes the bytes (on another thread, so that a server that answers before reading a large body
   * is still heard) and reads the answer until the server closes the connection.
   */
  public static Answer send(String host, int port, byte[] request) {
    try (Socket socket = new Socket(host, port)) {
      socket.setSoTimeout(READ_TIMEOUT_MS);
      OutputStream out = socket.getOutputStream();
      Thread writer =
          new Thread(
              () -> {
                try {
                  out.write(request);
                  out.flush();
                } catch (IOException e) {
                  // The server answered and closed early (413, 400): its answer is what counts.
                }
              },
              "raw-http-writer");
      writer.start();
      byte[] answer = readAll(socket.getInputStream());
      writer.join(READ_TIMEOUT_MS);
      return parse(answer);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Until the server closes the connection, or the answer is complete by its Content-Length. */
  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream read = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      int n;
      while (!complete(read.toByteArray()) && (n = in.read(buffer)) >= 0) {
        read.write(buffer, 0, n);
      }
    } catch (SocketException e) {
      // A reset after the answer arrived (the server closed with our body unread).
      if (read.size() == 0) {
        throw e;
      }
    }
    return read.toByteArray();
  }

  private static boolean complete(byte[] read) {
    String all = new String(read, StandardCharsets.ISO_8859_1);
    int end = all.indexOf("\r\n\r\n");
    if (end < 0) {
      return false;
    }
    for (String line : all.substring(0, end).split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        return read.length - end - 4 >= Long.parseLong(line.substring(15).trim());
      }
    }
    return false;
  }

  private static Answer parse(byte[] answer) {
    String all = new String(answer, StandardCharsets.ISO_8859_1);
    int end = all.indexOf("\r\n\r\n");
    if (end < 0) {
      throw new IllegalStateException("No HTTP answer, only: " + all);
    }
    String[] lines = all.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(
          lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).trim());
    }
    byte[] body = Arrays.copyOfRange(answer, end + 4, answer.length);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = dechunk(body);
    }
    return new Answer(status, headers, body);
  }

  private static byte[] dechunk(byte[] chunked) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    String text = new String(chunked, StandardCharsets.ISO_8859_1);
    int at = 0;
    while (true) {
      int lineEnd = text.indexOf("\r\n", at);
      int size = Integer.parseInt(text.substring(at, lineEnd).split(";")[0].trim(), 16);
      if (size == 0) {
        return body.toByteArray();
      }
      body.write(chunked, lineEnd + 2, size);
      at = lineEnd + 2 + size + 2;
    }
  }
}
