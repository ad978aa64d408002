package io.sluice.support;

import java.util.concurrent.atomic.AtomicInteger;

/** Unique topic and group names, so tests never see each other's data. */
public final class Names {
  private static final AtomicInteger counter = new AtomicInteger();
  private static final String run = Long.toString(System.currentTimeMillis() % 1_000_000, 36);

  private Names() {}

  public static String unique(String prefix) {
    return prefix + "-" + run + "-" + counter.incrementAndGet();
  }
}
