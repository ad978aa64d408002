package io.sluice.http;

import io.javalin.http.Context;
import io.sluice.consumer.RenderedRecord;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Writes records the poll loop already rendered: the answer is their bytes, joined. Buffered, so
 * Jetty sees few large writes rather than one per record.
 */
final class RecordsAnswer {
  private static final int BUFFER_BYTES = 64 * 1024;

  private RecordsAnswer() {}

  /**
   * The v2 answer, {@code [record,record,…]}. With {@code exactLength}, the answer carries its
   * Content-Length (not when it may be compressed on the way).
   */
  static void writeArray(Context ctx, List<RenderedRecord> records, boolean exactLength)
      throws IOException {
    if (exactLength) {
      long length = records.isEmpty() ? 2 : 1 + records.size();
      for (RenderedRecord record : records) {
        length += record.json().length;
      }
      ctx.header("Content-Length", Long.toString(length));
    }
    try (OutputStream out = new BufferedOutputStream(ctx.outputStream(), BUFFER_BYTES)) {
      out.write('[');
      for (int i = 0; i < records.size(); i++) {
        if (i > 0) {
          out.write(',');
        }
        out.write(records.get(i).json());
      }
      out.write(']');
    }
  }
}
