package io.sluice.config;

/** A setting that stops start-up; the message names the key, the value and what is allowed. */
public final class InvalidConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  InvalidConfigException(String message) {
    super(message);
  }

  static InvalidConfigException of(String key, String value, String allowed) {
    return new InvalidConfigException(
        "Invalid configuration: " + key + "=\"" + value + "\"; expected " + allowed);
  }
}
