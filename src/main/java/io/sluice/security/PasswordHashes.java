package io.sluice.security;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.crypto.bcrypt.BCrypt;

/** Salted bcrypt hashes for the Basic users file (Spring Security's implementation). */
public final class PasswordHashes {
  private static final Map<String, String> DECOYS = new ConcurrentHashMap<>();

  /** 2^12 rounds: about a quarter second per check, paid once per cached verification. */
  private static final int LOG_ROUNDS = 12;

  /** bcrypt reads at most this many bytes of a password; longer ones are refused, not cut. */
  static final int MAX_PASSWORD_BYTES = 72;

  /** The decoy of a users file whose hashes it cannot imitate (or that has none). */
  static final String ABSENT_USER = hash("sluice-absent-user");

  private PasswordHashes() {}

  /** A new salted hash of {@code password}, for a {@code name:hash} line. */
  public static String hash(String password) {
    if (password.isEmpty() || tooLong(password)) {
      throw new IllegalArgumentException(
          "A password must have 1 to " + MAX_PASSWORD_BYTES + " bytes in UTF-8");
    }
    return BCrypt.hashpw(password, BCrypt.gensalt(LOG_ROUNDS));
  }

  /**
   * A hash of nothing anyone knows, with the version and cost of {@code like}: checking a password
   * against it takes as long as against {@code like}, so an unknown user answers as slowly as a
   * known one.
   */
  static String decoyLike(String like) {
    if (!like.matches("\\$2[aby]\\$\\d\\d\\$.*")) {
      return ABSENT_USER;
    }
    return DECOYS.computeIfAbsent(
        like.substring(0, 7),
        prefix ->
            BCrypt.hashpw(
                UUID.randomUUID().toString(),
                BCrypt.gensalt(prefix.substring(0, 3), Integer.parseInt(prefix.substring(4, 6)))));
  }

  /** Whether {@code password} has {@code hash}; false for a malformed hash, never an exception. */
  static boolean matches(String password, String hash) {
    if (tooLong(password)) {
      return false;
    }
    try {
      return BCrypt.checkpw(password, hash);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Whether {@code hash} looks like a bcrypt hash at all, to refuse a users file early. */
  static boolean isHash(String hash) {
    return hash.matches("\\$2[aby]?\\$\\d{2}\\$[./A-Za-z0-9]{53}");
  }

  private static boolean tooLong(String password) {
    return password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES;
  }
}
