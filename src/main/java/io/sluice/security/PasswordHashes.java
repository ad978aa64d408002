package io.sluice.security;

import java.nio.charset.StandardCharsets;
import org.springframework.security.crypto.bcrypt.BCrypt;

/** Salted bcrypt hashes for the Basic users file (Spring Security's implementation). */
public final class PasswordHashes {
  /** 2^12 rounds: about a quarter second per check, paid once per cached verification. */
  private static final int LOG_ROUNDS = 12;

  /** bcrypt reads at most this many bytes of a password; longer ones are refused, not cut. */
  static final int MAX_PASSWORD_BYTES = 72;

  private PasswordHashes() {}

  /** A new salted hash of {@code password}, for a {@code name:hash} line. */
  public static String hash(String password) {
    if (password.isEmpty() || tooLong(password)) {
      throw new IllegalArgumentException(
          "A password must have 1 to " + MAX_PASSWORD_BYTES + " bytes in UTF-8");
    }
    return BCrypt.hashpw(password, BCrypt.gensalt(LOG_ROUNDS));
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
