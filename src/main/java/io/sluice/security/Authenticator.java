package io.sluice.security;

/**
 * Turns a request's credentials into a principal. Implementations are thread-safe and do not block
 * on the network per request (keys and users are cached).
 */
interface Authenticator {
  /**
   * The principal; throws {@link AuthenticationFailure} when the credentials are missing or not
   * accepted.
   */
  Principal authenticate(Credentials credentials);

  /** The {@code WWW-Authenticate} challenge of this mode. */
  String challenge();

  /** A failure of this mode: the same message whatever the reason. */
  default AuthenticationFailure failure(AuthenticationFailure.Reason reason, String detail) {
    return new AuthenticationFailure(reason, detail, challenge(), message());
  }

  /** The sentence every 401 of this mode answers. */
  String message();
}
