package io.sluice.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class AccessTest {
  private static final String RULES =
      """
      {
        "alice": {"consume": {"groups": ["orders-*"], "topics": ["orders.*", "audit.?"]},
                  "produce": {"topics": ["orders.in"]}},
        "*": {"consume": {"groups": ["public"], "topics": ["public.*"]}}
      }
      """;

  private static final Principal ALICE = new Principal("alice", null);
  private static final Principal BOB = new Principal("bob", null);

  @Test
  void globsMatchWholeNamesAndQuoteEverythingElse() {
    Access access = access(RULES);

    access.requireConsume(ALICE, List.of("orders.eu", "audit.1", "public.news"));
    assertThatThrownBy(() -> access.requireConsume(ALICE, List.of("audit.12")))
        .isInstanceOf(AccessDenied.class)
        .hasMessageContaining("topic audit.12");
    assertThatThrownBy(() -> access.requireConsume(ALICE, List.of("ordersXeu")))
        .isInstanceOf(AccessDenied.class);
    assertThatThrownBy(() -> access.requireConsume(ALICE, List.of("x.orders.eu")))
        .isInstanceOf(AccessDenied.class);
  }

  @Test
  void everyonesEntryAddsToEachPrincipalsOwn() {
    Access access = access(RULES);

    access.requireConsumeGroup(ALICE, "public");
    access.requireConsumeGroup(BOB, "public");
    assertThatThrownBy(() -> access.requireConsumeGroup(BOB, "orders-eu"))
        .isInstanceOf(AccessDenied.class)
        .hasMessageContaining("bob may not consume as consumer group orders-eu");
    assertThat(access.maySee(BOB, "public.news")).isTrue();
    assertThat(access.maySee(BOB, "orders.eu")).isFalse();
    assertThatThrownBy(() -> access.requireProduce(BOB, "public.news"))
        .isInstanceOf(AccessDenied.class);
  }

  @Test
  void aTopicPatternIsNarrowedToAllowedTopics() {
    Pattern narrowed = access(RULES).consumable(ALICE, Pattern.compile(".*\\.(eu|1)"));

    assertThat(narrowed.matcher("orders.eu").matches()).isTrue();
    assertThat(narrowed.matcher("audit.1").matches()).isTrue();
    assertThat(narrowed.matcher("secret.eu").matches()).isFalse();
    assertThat(narrowed.matcher("orders.us").matches()).isFalse();
  }

  @Test
  void inlineFlagsQuotingAndCommentsCannotCarryAPatternPastTheRules() {
    Access access = access(RULES);

    Pattern caseless = access.consumable(ALICE, Pattern.compile("(?i).*"));

    assertThat(caseless.matcher("orders.eu").matches()).isTrue();
    assertThat(caseless.matcher("ORDERS.eu").matches()).isFalse();
    assertThat(caseless.matcher("Orders.payroll").matches()).isFalse();
    for (String escaping : List.of("\\Qorders.x", "(?x)orders.*#", "orders(?x:.*)", "a\\E")) {
      assertThatThrownBy(() -> access.consumable(ALICE, Pattern.compile(escaping)))
          .as(escaping)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void withoutRulesEveryPrincipalMayUseEverythingButOnlyItsOwnInstances() {
    Access access = new Access(Optional.empty());

    access.requireConsume(BOB, List.of("anything"));
    access.requireProduce(BOB, "anything");
    assertThat(access.consumable(BOB, Pattern.compile("a.*")).pattern()).isEqualTo("a.*");
    assertThatThrownBy(() -> access.requireOwner(BOB, "alice", "g", "i"))
        .isInstanceOf(AccessDenied.class)
        .hasMessageContaining("g/i belongs to another principal");
  }

  @Test
  void aRulesFileWithATypoFailsNamingTheShapeExpected() {
    assertThatThrownBy(() -> access("{\"alice\": {\"consumes\": {}}}"))
        .hasMessageContaining("the rules file is not a JSON object");
  }

  private static Access access(String rules) {
    try {
      Path file = Files.createTempFile("rules", ".json");
      Files.writeString(file, rules);
      return new Access(Optional.of(file));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
