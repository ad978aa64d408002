package io.sluice.security;

/** A principal asked for something it may not do; the message names what was denied. */
public final class AccessDenied extends RuntimeException {
  private static final long serialVersionUID = 1L;

  AccessDenied(String message) {
    super(message, null, false, false);
  }
}
