package io.sluice.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.sluice.security.AuthenticationFailure.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HTTP Basic against a users file of {@code name:bcrypt-hash} lines, re-read when it changes.
 *
 * <p>bcrypt is slow on purpose, so a verified password is remembered for a few minutes: keyed by
 * the user, the stored hash (a changed password misses) and an HMAC of the password under a key
 * made at start, so the password itself is never kept. An unknown user costs a bcrypt check like a
 * wrong password, and both get the same answer.
 */
final class BasicAuthenticator implements Authenticator {
  private static final String PREFIX = "basic ";

  private final WatchedFile<Map<String, String>> users;
  private final Optional<String> passthroughMechanism;
  private final SecretKeySpec cacheKey;
  private final Cache<String, Boolean> verified =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(5)).build();

  BasicAuthenticator(Path usersFile, Optional<String> passthroughMechanism) {
    this.users = new WatchedFile<>(usersFile, UsersFile::parse);
    this.passthroughMechanism = passthroughMechanism;
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    this.cacheKey = new SecretKeySpec(key, "HmacSHA256");
  }

  @Override
  public Principal authenticate(Credentials credentials) {
    String header =
        credentials.authorization().orElseThrow(() -> failure(Reason.MISSING, "no Authorization"));
    if (!header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      throw failure(Reason.MALFORMED, "Authorization is not Basic");
    }
    String pair = decode(header.substring(PREFIX.length()).trim());
    int colon = pair.indexOf(':');
    if (colon <= 0) {
      throw failure(Reason.MALFORMED, "Basic credentials are not user:password");
    }
    String user = pair.substring(0, colon);
    String password = pair.substring(colon + 1);
    Map<String, String> known = users.get();
    Optional<String> stored = Optional.ofNullable(known.get(user));
    String hash =
        stored.orElseGet(
            () ->
                known.isEmpty()
                    ? PasswordHashes.ABSENT_USER
                    : PasswordHashes.decoyLike(known.values().iterator().next()));
    String cached = user + '\u0000' + hash + '\u0000' + mac(password);
    boolean matches =
        verified.getIfPresent(cached) != null || PasswordHashes.matches(password, hash);
    if (!matches || stored.isEmpty()) {
      throw failure(Reason.REJECTED, "unknown user or wrong password");
    }
    verified.put(cached, Boolean.TRUE);
    return new Principal(
        user,
        passthroughMechanism
            .map(mechanism -> new KafkaLogin(mechanism, user, password))
            .orElse(null));
  }

  private String decode(String encoded) {
    try {
      byte[] bytes = Base64.getDecoder().decode(encoded);
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (IllegalArgumentException | CharacterCodingException e) {
      throw failure(Reason.MALFORMED, "Basic credentials are not base64 of UTF-8 text");
    }
  }

  private String mac(String password) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(cacheKey);
      return Base64.getEncoder()
          .encodeToString(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
    }
  }

  @Override
  public String challenge() {
    return "Basic realm=\"sluice\", charset=\"UTF-8\"";
  }

  @Override
  public String message() {
    return "Authentication required: send Authorization: Basic with a user name and password of"
        + " this gateway";
  }
}
