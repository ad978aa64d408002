package io.sluice.security;

/**
 * The JWK set that verifies bearer tokens could not be had (its URL did not answer): the request
 * may succeed later with the same token, so this is no authentication failure.
 */
public final class KeysUnavailable extends RuntimeException {
  private static final long serialVersionUID = 1L;

  KeysUnavailable(String message, Throwable cause) {
    super(message, cause);
  }
}
