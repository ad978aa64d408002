package io.sluice.bench;

/**
 * One line of the results: what the gateway measured and, where the suite compares, what native
 * Kafka clients measured on the same broker in the same run ({@code nativeClient} is {@code null}
 * otherwise; {@code gateway} is {@code null} for a native-only reference).
 */
record Figure(String part, String measure, String unit, Summary gateway, Summary nativeClient) {

  static Figure of(String part, String measure, String unit, Summary gateway) {
    return new Figure(part, measure, unit, gateway, null);
  }

  /** Gateway median over native median, or NaN without both. */
  double ratio() {
    return gateway == null || nativeClient == null
        ? Double.NaN
        : gateway.median() / nativeClient.median();
  }
}
