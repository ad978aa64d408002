package io.sluice.support;

import io.sluice.security.PasswordHashes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Basic users file in a fresh temporary directory, with bcrypt hashes of passwords made up by the
 * test; {@link #set} changes a password as an operator edits the file (no restart).
 */
public final class UsersFile {
  private final Path path;
  private final Map<String, String> hashes = new TreeMap<>();

  private UsersFile(Path path) {
    this.path = path;
  }

  /** {@code passwords}: user name to password. */
  public static UsersFile of(Map<String, String> passwords) {
    try {
      UsersFile file =
          new UsersFile(Files.createTempDirectory("sluice-users-").resolve("users.txt"));
      passwords.forEach((user, password) -> file.hashes.put(user, PasswordHashes.hash(password)));
      file.write();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path path() {
    return path;
  }

  /** Gives {@code user} a new password (or adds the user), rewriting the file in place. */
  public void set(String user, String password) {
    hashes.put(user, PasswordHashes.hash(password));
    write();
  }

  private void write() {
    StringBuilder lines = new StringBuilder("# made by a test\n");
    hashes.forEach((user, hash) -> lines.append(user).append(':').append(hash).append('\n'));
    try {
      Files.writeString(path, lines, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
