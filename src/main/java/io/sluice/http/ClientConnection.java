package io.sluice.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.BufferUtil;

/**
 * Whether the client of one waiting request is still there.
 *
 * <p>Over HTTP/1.1 Jetty does not read from a connection while its request is being handled, so a
 * client that gives up on a long poll goes unnoticed, and an answer written into its closed socket
 * usually "succeeds" into the kernel's buffer. This class reads from the connection itself: end of
 * stream or an error means the client is gone. HTTP/1.1 clients send nothing while they wait for an
 * answer (none pipelines today); if one did, the bytes are lost to the parser, so the answer then
 * closes the connection and the client retries on a new one.
 *
 * <p>Thread-safe. {@link #finish} must be called before the answer is written: afterwards the
 * connection belongs to the next request and is never read here again.
 */
final class ClientConnection {
  private final EndPoint endPoint;
  private final ByteBuffer probe = BufferUtil.allocate(16);
  private boolean finished;
  private boolean gone;
  private boolean readAhead;

  private ClientConnection(EndPoint endPoint) {
    this.endPoint = endPoint;
  }

  /** The request's connection; probing is a no-op where it cannot be done safely (not HTTP/1). */
  static ClientConnection of(Context ctx) {
    Request request = ServletContextRequest.getServletContextRequest(ctx.req());
    HttpVersion version = request.getConnectionMetaData().getHttpVersion();
    boolean http1 = version == HttpVersion.HTTP_1_1 || version == HttpVersion.HTTP_1_0;
    return new ClientConnection(
        http1 ? request.getConnectionMetaData().getConnection().getEndPoint() : null);
  }

  /** Reads what the client sent since its request: true when it closed or broke the connection. */
  synchronized boolean gone() {
    if (!finished) {
      check();
    }
    return gone;
  }

  /**
   * The last check before the answer is written; probing stops for good. Answers whether the client
   * is gone, and (through {@link #mustClose}) whether the connection must close afterwards.
   */
  synchronized boolean finish() {
    if (!finished) {
      check();
      finished = true;
    }
    return gone;
  }

  /**
   * A stream's connection may stay quiet for as long as no records come (NDJSON has no keep-alive):
   * Jetty must not close it as idle; the stream probes its client itself.
   */
  void keepOpenWhileQuiet() {
    if (endPoint != null) {
      endPoint.setIdleTimeout(0);
    }
  }

  /** Whether bytes meant for the next request were read here, so the connection must close. */
  synchronized boolean mustClose() {
    return readAhead;
  }

  private void check() {
    if (endPoint == null || gone) {
      return;
    }
    try {
      BufferUtil.clear(probe);
      int read = endPoint.fill(probe);
      if (read < 0) {
        gone = true;
      } else if (read > 0) {
        readAhead = true;
      }
    } catch (IOException | RuntimeException e) {
      gone = true;
    }
  }
}
