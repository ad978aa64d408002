package io.sluice.security;

import io.sluice.security.AccessRules.Grants;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who may do what: instances belong to the principal that created it, and the rules file (when
 * there is one) bounds the groups and topics each principal may consume and produce. Every check
 * throws {@link AccessDenied} naming what was denied. Thread-safe.
 */
public final class Access {
  /** What could carry a pattern past the group it is wrapped in: quoting and comments. */
  private static final Pattern ESCAPES_ITS_GROUP = Pattern.compile("\\\\[QE]|\\(\\?[a-zA-Z-]*x");

  private final Optional<WatchedFile<AccessRules>> rules;

  Access(Optional<Path> rulesFile) {
    this.rules = rulesFile.map(path -> new WatchedFile<>(path, AccessRules::parse));
  }

  /** An instance's owner is the name of the principal that created it. */
  public void requireOwner(Principal principal, String owner, String group, String instance) {
    if (!owns(principal, owner)) {
      throw new AccessDenied(
          "Consumer instance "
              + group
              + "/"
              + instance
              + " belongs to another principal; only the principal that created it may use it");
    }
  }

  public boolean owns(Principal principal, String owner) {
    return principal.name().equals(owner);
  }

  public void requireConsumeGroup(Principal principal, String group) {
    if (!grants(principal).mayConsumeGroup(group)) {
      throw new AccessDenied(
          principal.name() + " may not consume as consumer group " + group + " (auth.rules.file)");
    }
  }

  public void requireConsume(Principal principal, Collection<String> topics) {
    Grants grants = grants(principal);
    List<String> denied =
        topics.stream().filter(topic -> !grants.mayConsume(topic)).sorted().toList();
    if (!denied.isEmpty()) {
      throw new AccessDenied(
          principal.name()
              + " may not consume from topic "
              + String.join(", ", denied)
              + " (auth.rules.file)");
    }
  }

  public void requireProduce(Principal principal, String topic) {
    if (!grants(principal).mayProduce(topic)) {
      throw new AccessDenied(
          principal.name() + " may not produce to topic " + topic + " (auth.rules.file)");
    }
  }

  /** Whether the principal may consume from or produce to the topic, and so learn about it. */
  public boolean maySee(Principal principal, String topic) {
    Grants grants = grants(principal);
    return grants.mayConsume(topic) || grants.mayProduce(topic);
  }

  public void requireSee(Principal principal, String topic) {
    if (!maySee(principal, topic)) {
      throw new AccessDenied(
          principal.name()
              + " may neither consume from nor produce to topic "
              + topic
              + " (auth.rules.file)");
    }
  }

  /**
   * The subscription pattern narrowed to the topics the principal may consume: a topic matches only
   * when it matches both, so a pattern subscription never yields a forbidden topic, now or later.
   */
  public Pattern consumable(Principal principal, Pattern requested) {
    if (rules.isEmpty()) {
      return requested;
    }
    Optional<Pattern> allowed = grants(principal).consumeTopics();
    if (allowed.isEmpty()) {
      throw new AccessDenied(
          principal.name() + " may not consume from any topic (auth.rules.file)");
    }
    String pattern = requested.pattern();
    if (ESCAPES_ITS_GROUP.matcher(pattern).find()) {
      throw new IllegalArgumentException(
          "with access rules a topic_pattern may not quote (\\Q, \\E) or use comments mode (x)");
    }
    // Flags 0: a pattern's leading inline flags ((?i)) would otherwise reach the rules' lookahead.
    return Pattern.compile("(?=(?:" + allowed.get().pattern() + ")$)(?:" + pattern + ")", 0);
  }

  private Grants grants(Principal principal) {
    return rules.map(file -> file.get().grantsOf(principal.name())).orElse(Grants.EVERYTHING);
  }
}
