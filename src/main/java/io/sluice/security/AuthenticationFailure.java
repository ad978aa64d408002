package io.sluice.security;

/**
 * A request whose credentials are missing or not accepted. The message is the same for every reason
 * (nothing about users or keys is disclosed); the reason is for metrics and logs.
 */
public final class AuthenticationFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why, for {@code sluice_auth_failures_total} and the log; never sent to the client. */
  public enum Reason {
    MISSING,
    MALFORMED,
    REJECTED
  }

  private final Reason reason;
  private final String detail;
  private final String challenge;

  AuthenticationFailure(Reason reason, String detail, String challenge, String message) {
    super(message, null, false, false);
    this.reason = reason;
    this.detail = detail;
    this.challenge = challenge;
  }

  public Reason reason() {
    return reason;
  }

  /** What was wrong, for the log: never a credential, a user name or a token. */
  public String detail() {
    return detail;
  }

  /** The {@code WWW-Authenticate} header of the 401 answer. */
  public String challenge() {
    return challenge;
  }
}
