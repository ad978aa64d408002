package io.sluice.consumer;

import java.time.Duration;

/**
 * One {@code GET …/records}: wait up to {@code timeout} for at least {@code minBytes}, answer at
 * most {@code maxBytes} (but always the first record, however large) and at most {@code maxRecords}
 * records.
 */
public record FetchRequest(Duration timeout, long maxBytes, long minBytes, int maxRecords) {

  public FetchRequest(Duration timeout, long maxBytes, long minBytes) {
    this(timeout, maxBytes, minBytes, Integer.MAX_VALUE);
  }
}
