package io.sluice.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCrypt;

class PasswordHashesTest {
  @Test
  void aHashIsSaltedAndVerifiesOnlyItsPassword() {
    String first = PasswordHashes.hash("correct horse");
    String second = PasswordHashes.hash("correct horse");

    assertThat(first).isNotEqualTo(second).startsWith("$2a$12$");
    assertThat(PasswordHashes.matches("correct horse", first)).isTrue();
    assertThat(PasswordHashes.matches("correct horse", second)).isTrue();
    assertThat(PasswordHashes.matches("correct horsf", first)).isFalse();
    assertThat(PasswordHashes.matches("correct horse", "not a hash")).isFalse();
  }

  @Test
  void anUnknownUsersDecoyHasTheCostOfTheFilesHashesSoItTakesAsLong() {
    String cheap = BCrypt.hashpw("pw", BCrypt.gensalt(5));

    assertThat(PasswordHashes.decoyLike(cheap)).startsWith("$2a$05$").isNotEqualTo(cheap);
    assertThat(PasswordHashes.decoyLike(PasswordHashes.hash("x"))).startsWith("$2a$12$");
    assertThat(PasswordHashes.matches("pw", PasswordHashes.decoyLike(cheap))).isFalse();
  }

  @Test
  void passwordsBcryptWouldCutAreRefusedInsteadOfTruncated() {
    String hash = PasswordHashes.hash("p".repeat(72));

    assertThat(PasswordHashes.matches("p".repeat(73), hash)).isFalse();
    assertThatThrownBy(() -> PasswordHashes.hash("p".repeat(73)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PasswordHashes.hash("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aUsersFileLineThatIsNotNameAndHashIsRefusedWithoutEchoingIt() {
    String hash = PasswordHashes.hash("pw");

    assertThat(UsersFile.parse("# users\n\nalice:" + hash + "\n")).isEqualTo(Map.of("alice", hash));
    assertThatThrownBy(() -> UsersFile.parse("alice:" + hash + "\nbob:plaintext-password\n"))
        .hasMessageContaining("line 2")
        .hasMessageNotContaining("plaintext-password");
  }
}
