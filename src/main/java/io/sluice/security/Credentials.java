package io.sluice.security;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * What a request offers to prove who sent it: its {@code Authorization} header and the client
 * certificate chain the TLS handshake verified (empty without one).
 */
public record Credentials(Optional<String> authorization, List<X509Certificate> certificates) {
  public Credentials {
    certificates = List.copyOf(certificates);
  }
}
