package io.sluice.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Several measurements of one figure: their count, median, min and max, and the 99th percentile
 * when they are samples of a distribution ({@code null} for a handful of runs, where it means
 * nothing).
 */
record Summary(int samples, double median, double min, double max, Double p99) {

  /** Repeated runs of the same measurement: median, min and max. */
  static Summary ofRuns(List<Double> values) {
    List<Double> sorted = sorted(values);
    return new Summary(
        sorted.size(), median(sorted), sorted.get(0), sorted.get(sorted.size() - 1), null);
  }

  /** Samples of a distribution (latencies): median, min, max and p99 (nearest rank). */
  static Summary ofSamples(List<Double> values) {
    List<Double> sorted = sorted(values);
    int rank = (int) Math.ceil(0.99 * sorted.size()) - 1;
    return new Summary(
        sorted.size(),
        median(sorted),
        sorted.get(0),
        sorted.get(sorted.size() - 1),
        sorted.get(Math.max(rank, 0)));
  }

  /** One measurement. */
  static Summary single(double value) {
    return new Summary(1, value, value, value, null);
  }

  private static List<Double> sorted(List<Double> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("No measurements");
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted;
  }

  private static double median(List<Double> sorted) {
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
