package io.sluice;

import java.net.BindException;

/** The gateway cannot start for a reason the operator can fix; its message says how. */
public final class StartupException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  StartupException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Whether {@code failure} was a port that could not be bound. */
  static boolean isBindFailure(Throwable failure) {
    for (Throwable e = failure; e != null; e = e.getCause()) {
      if (e instanceof BindException
          || (e.getMessage() != null && e.getMessage().contains("Address already in use"))) {
        return true;
      }
    }
    return false;
  }
}
