package io.sluice.security;

import java.util.HashMap;
import java.util.Map;

/** Parses {@code name:bcrypt-hash} lines; blank lines and {@code #} comments are skipped. */
final class UsersFile {
  private UsersFile() {}

  /** Throws naming the line (never its hash) when a line is not a user and a bcrypt hash. */
  static Map<String, String> parse(String content) {
    Map<String, String> users = new HashMap<>();
    String[] lines = content.split("\\R");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int colon = line.lastIndexOf(':');
      if (colon <= 0 || !PasswordHashes.isHash(line.substring(colon + 1))) {
        throw new IllegalArgumentException(
            "line "
                + (i + 1)
                + " of the users file is not name:bcrypt-hash (make hashes with java -jar"
                + " sluice.jar --hash-password)");
      }
      users.put(line.substring(0, colon), line.substring(colon + 1));
    }
    return Map.copyOf(users);
  }
}
