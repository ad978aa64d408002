package io.sluice.consumer;

import java.time.Duration;

/**
 * One {@code GET …/records}: wait up to {@code timeout} for at least {@code minBytes}, answer at
 * most {@code maxBytes} (but always the first record, however large).
 */
public record FetchRequest(Duration timeout, long maxBytes, long minBytes) {}
