package io.sluice.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.sluice.config.SecuritySettings;
import io.sluice.security.AuthenticationFailure.Reason;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.Set;

/**
 * {@code Authorization: Bearer} JWTs, verified by Nimbus JOSE+JWT: a signature by a key of the
 * configured JWK set with an asymmetric algorithm (so neither {@code alg: none} nor an HMAC keyed
 * with a public key passes), the issuer, an audience, {@code exp} and {@code nbf} within the
 * allowed clock skew, and the principal claim.
 */
final class BearerAuthenticator implements Authenticator {
  private static final String PREFIX = "bearer ";
  private static final int MAX_TOKEN_LENGTH = 16 * 1024;
  private static final Set<JWSAlgorithm> ALGORITHMS =
      Set.of(
          JWSAlgorithm.RS256,
          JWSAlgorithm.RS384,
          JWSAlgorithm.RS512,
          JWSAlgorithm.PS256,
          JWSAlgorithm.PS384,
          JWSAlgorithm.PS512,
          JWSAlgorithm.ES256,
          JWSAlgorithm.ES384,
          JWSAlgorithm.ES512);

  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
  private final String principalClaim;

  BearerAuthenticator(SecuritySettings settings) {
    this.principalClaim = settings.principalClaim();
    processor.setJWSKeySelector(
        new JWSVerificationKeySelector<>(ALGORITHMS, keys(settings.jwks().orElseThrow())));
    DefaultJWTClaimsVerifier<SecurityContext> claims =
        new DefaultJWTClaimsVerifier<>(
            settings.audience().orElseThrow(),
            new JWTClaimsSet.Builder().issuer(settings.issuer().orElseThrow()).build(),
            Set.of("exp", principalClaim));
    claims.setMaxClockSkew((int) settings.clockSkew().toSeconds());
    processor.setJWTClaimsSetVerifier(claims);
  }

  private static JWKSource<SecurityContext> keys(String jwks) {
    if (jwks.startsWith("https://") || jwks.startsWith("http://")) {
      try {
        // Cached, refreshed ahead of expiry and on an unknown key id, rate-limited.
        return JWKSourceBuilder.create(URI.create(jwks).toURL()).build();
      } catch (MalformedURLException | IllegalArgumentException e) {
        throw new IllegalArgumentException("auth.bearer.jwks is not a valid URL: " + jwks, e);
      }
    }
    WatchedFile<JWKSet> file = new WatchedFile<>(Path.of(jwks), BearerAuthenticator::parse);
    return (selector, context) -> selector.select(file.get());
  }

  private static JWKSet parse(String content) {
    try {
      return JWKSet.parse(content);
    } catch (ParseException e) {
      throw new IllegalArgumentException("the JWKS file is not a JWK set: " + e.getMessage(), e);
    }
  }

  @Override
  public Principal authenticate(Credentials credentials) {
    String header =
        credentials.authorization().orElseThrow(() -> failure(Reason.MISSING, "no Authorization"));
    if (!header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      throw failure(Reason.MALFORMED, "Authorization is not Bearer");
    }
    String token = header.substring(PREFIX.length()).trim();
    if (token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
      throw failure(Reason.MALFORMED, "the token is empty or longer than 16 KiB");
    }
    JWTClaimsSet claims;
    try {
      claims = processor.process(token, null);
    } catch (KeySourceException e) {
      // The identity provider is down, not the token bad: the client should retry, not re-login.
      throw new KeysUnavailable(
          "The keys that sign bearer tokens could not be fetched (auth.bearer.jwks); try again"
              + " shortly",
          e);
    } catch (ParseException e) {
      throw failure(Reason.MALFORMED, "the token is not a JWT");
    } catch (BadJWTException e) {
      throw failure(Reason.REJECTED, "claims refused: " + e.getMessage());
    } catch (BadJOSEException e) {
      throw failure(Reason.REJECTED, "signature refused: " + e.getMessage());
    } catch (JOSEException | RuntimeException e) {
      throw failure(Reason.REJECTED, "token not verifiable: " + e.getClass().getSimpleName());
    }
    Object name = claims.getClaim(principalClaim);
    if (!(name instanceof String principal) || principal.isBlank()) {
      throw failure(Reason.REJECTED, "the " + principalClaim + " claim is not a name");
    }
    return new Principal(principal, null);
  }

  @Override
  public String challenge() {
    return "Bearer realm=\"sluice\"";
  }

  @Override
  public String message() {
    return "Authentication required: send Authorization: Bearer with a valid token of this"
        + " gateway's issuer and audience";
  }
}
