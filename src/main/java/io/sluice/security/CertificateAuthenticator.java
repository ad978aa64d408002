package io.sluice.security;

import io.sluice.security.AuthenticationFailure.Reason;

/**
 * Mutual TLS: the TLS handshake has verified the client certificate against the truststore; the
 * principal is its subject as RFC 2253 text ({@code CN=orders-service,O=Example}).
 */
final class CertificateAuthenticator implements Authenticator {
  @Override
  public Principal authenticate(Credentials credentials) {
    if (credentials.certificates().isEmpty()) {
      throw failure(Reason.MISSING, "no client certificate");
    }
    return new Principal(
        credentials.certificates().get(0).getSubjectX500Principal().getName(), null);
  }

  @Override
  public String challenge() {
    return "Mutual realm=\"sluice\"";
  }

  @Override
  public String message() {
    return "Authentication required: connect with a client certificate this gateway trusts";
  }
}
