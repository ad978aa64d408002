package io.sluice.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The rules file: for each principal (or {@code *}, for everyone) the consumer groups and topics it
 * may consume and the topics it may produce to, as globs ({@code orders-*}, {@code audit.?}). A
 * principal may do what its own entry and the {@code *} entry allow together.
 *
 * <pre>{@code
 * {
 *   "orders-service": {"consume": {"groups": ["orders-*"], "topics": ["orders.*"]},
 *                      "produce": {"topics": ["orders.*"]}},
 *   "*": {"consume": {"groups": ["public-*"], "topics": ["public.*"]}}
 * }
 * }</pre>
 */
final class AccessRules {
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
  private static final String EVERYONE = "*";

  record Consume(List<String> groups, List<String> topics) {}

  record Produce(List<String> topics) {}

  record Rule(Consume consume, Produce produce) {}

  /** What one principal may do; each pattern matches a whole name. */
  record Grants(
      Optional<Pattern> groups, Optional<Pattern> consumeTopics, Optional<Pattern> produceTopics) {
    static final Grants EVERYTHING =
        new Grants(
            Optional.of(Pattern.compile(".*")),
            Optional.of(Pattern.compile(".*")),
            Optional.of(Pattern.compile(".*")));

    boolean mayConsumeGroup(String group) {
      return matches(groups, group);
    }

    boolean mayConsume(String topic) {
      return matches(consumeTopics, topic);
    }

    boolean mayProduce(String topic) {
      return matches(produceTopics, topic);
    }

    private static boolean matches(Optional<Pattern> pattern, String name) {
      return pattern.isPresent() && pattern.get().matcher(name).matches();
    }
  }

  private final Map<String, Rule> rules;

  private AccessRules(Map<String, Rule> rules) {
    this.rules = Map.copyOf(rules);
  }

  static AccessRules parse(String content) {
    try {
      Map<String, Rule> rules =
          JSON.readValue(
              content, JSON.getTypeFactory().constructMapType(Map.class, String.class, Rule.class));
      return new AccessRules(rules);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "the rules file is not a JSON object of principal → {consume: {groups, topics}, produce:"
              + " {topics}} (line "
              + e.getLocation().getLineNr()
              + ")",
          e);
    }
  }

  Grants grantsOf(String principal) {
    List<Rule> applying = new ArrayList<>();
    Optional.ofNullable(rules.get(principal)).ifPresent(applying::add);
    Optional.ofNullable(rules.get(EVERYONE)).ifPresent(applying::add);
    return new Grants(
        union(applying.stream().map(Rule::consume).filter(c -> c != null).map(Consume::groups)),
        union(applying.stream().map(Rule::consume).filter(c -> c != null).map(Consume::topics)),
        union(applying.stream().map(Rule::produce).filter(p -> p != null).map(Produce::topics)));
  }

  private static Optional<Pattern> union(java.util.stream.Stream<List<String>> globs) {
    List<String> all =
        globs.filter(list -> list != null).flatMap(List::stream).map(AccessRules::regex).toList();
    return all.isEmpty()
        ? Optional.empty()
        : Optional.of(Pattern.compile(all.stream().collect(Collectors.joining("|", "(?:", ")"))));
  }

  /** A glob as a regular expression: {@code *} any run of characters, {@code ?} one. */
  static String regex(String glob) {
    StringBuilder regex = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (char c : glob.toCharArray()) {
      if (c == '*' || c == '?') {
        if (literal.length() > 0) {
          regex.append(Pattern.quote(literal.toString()));
          literal.setLength(0);
        }
        regex.append(c == '*' ? ".*" : ".");
      } else {
        literal.append(c);
      }
    }
    if (literal.length() > 0) {
      regex.append(Pattern.quote(literal.toString()));
    }
    return regex.toString();
  }
}
