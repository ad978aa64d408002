package io.sluice.http;

import io.javalin.http.Context;
import java.time.Duration;
import java.util.Optional;

/** Query parameters and numbers given as text, checked: a 422 names the parameter and the value. */
final class Queries {
  private Queries() {}

  static Optional<Boolean> queryBoolean(Context ctx, String name) {
    String value = query(ctx, name);
    if (value == null) {
      return Optional.empty();
    }
    if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
      return Optional.of(Boolean.parseBoolean(value));
    }
    throw RequestException.invalid(
        "Invalid " + name + ": " + Requests.shown(value) + "; expected true or false");
  }

  static Optional<Duration> queryMillis(Context ctx, String name) {
    return queryLong(ctx, name, 0).map(Duration::ofMillis);
  }

  static Optional<Long> queryLong(Context ctx, String name, long min) {
    String value = query(ctx, name);
    return value == null ? Optional.empty() : Optional.of(wholeNumber(name, value, min));
  }

  /**
   * A query parameter's value, or null when the query does not name it. Javalin drops a value it
   * cannot percent-decode ({@code ?timeout=%ZZ}); that is refused here, not taken as absent.
   */
  private static String query(Context ctx, String name) {
    String value = ctx.queryParam(name);
    String query = ctx.queryString();
    if (value == null && query != null) {
      for (String pair : query.split("&")) {
        if (pair.equals(name) || pair.startsWith(name + "=")) {
          throw RequestException.invalid(
              "Invalid "
                  + name
                  + ": "
                  + Requests.shown(pair)
                  + " does not decode; percent-encode the query string properly");
        }
      }
    }
    return value;
  }

  /** The value as a whole number of at least {@code min}, or a 422 naming the field. */
  static long wholeNumber(String name, String value, long min) {
    return wholeNumber(name, value, min, Long.MAX_VALUE);
  }

  /** The value as a whole number from {@code min} to {@code max}, or a 422 naming the field. */
  static long wholeNumber(String name, String value, long min, long max) {
    try {
      long n = Long.parseLong(value.trim());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw RequestException.invalid(
        "Invalid "
            + name
            + ": "
            + Requests.shown(value)
            + "; expected a whole number, "
            + (max == Long.MAX_VALUE ? min + " or more" : "from " + min + " to " + max));
  }
}
