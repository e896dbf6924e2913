package dev.vigil.detections.sigma;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A recursive-descent parser of Sigma conditions. Precedence, loosest first: {@code or}, {@code
 * and}, {@code not}; {@code 1 of x} / {@code all of x} and parentheses are primaries. Keywords are
 * case-insensitive. A Sigma v1 aggregation after {@code |} is split off as a {@link
 * LegacyAggregation}.
 */
final class ConditionParser {

  /** A condition that cannot be parsed; the message says where. */
  static final class ConditionException extends RuntimeException {
    ConditionException(String message) {
      super(message);
    }
  }

  /** The boolean part and the legacy aggregation after {@code |}, or null. */
  record Parsed(Condition condition, LegacyAggregation aggregation) {}

  private static final Pattern TOKEN = Pattern.compile("\\s*(?:(\\()|(\\))|([A-Za-z0-9_.*\\-]+))");

  private final List<String> tokens = new ArrayList<>();
  private final List<Integer> offsets = new ArrayList<>();
  private final String text;
  private int pos;

  private ConditionParser(String text) {
    this.text = text;
    Matcher m = TOKEN.matcher(text);
    int at = 0;
    while (at < text.length()) {
      if (text.substring(at).isBlank()) {
        break;
      }
      if (!m.find(at) || m.start() != at) {
        throw new ConditionException(
            "unexpected character '"
                + text.substring(at).strip().charAt(0)
                + "' in '"
                + text
                + "'");
      }
      offsets.add(m.start(m.group(1) != null ? 1 : m.group(2) != null ? 2 : 3));
      tokens.add(m.group(1) != null ? "(" : m.group(2) != null ? ")" : m.group(3));
      at = m.end();
    }
  }

  static Parsed parse(String condition) {
    int bar = condition.indexOf('|');
    String head = bar < 0 ? condition : condition.substring(0, bar);
    LegacyAggregation agg = bar < 0 ? null : LegacyAggregation.parse(condition.substring(bar + 1));
    ConditionParser p = new ConditionParser(head);
    if (p.tokens.isEmpty()) {
      throw new ConditionException("the condition is empty");
    }
    Condition c = p.or();
    if (p.pos < p.tokens.size()) {
      throw p.error("unexpected '" + p.tokens.get(p.pos) + "'");
    }
    return new Parsed(c, agg);
  }

  private Condition or() {
    List<Condition> ops = new ArrayList<>();
    ops.add(and());
    while (keyword("or")) {
      pos++;
      ops.add(and());
    }
    return ops.size() == 1 ? ops.get(0) : new Condition.Or(List.copyOf(ops));
  }

  private Condition and() {
    List<Condition> ops = new ArrayList<>();
    ops.add(unary());
    while (keyword("and")) {
      pos++;
      ops.add(unary());
    }
    return ops.size() == 1 ? ops.get(0) : new Condition.And(List.copyOf(ops));
  }

  private Condition unary() {
    if (keyword("not")) {
      pos++;
      return new Condition.Not(unary());
    }
    return primary();
  }

  private Condition primary() {
    if (pos >= tokens.size()) {
      throw error("the condition ends where a selection was expected");
    }
    String t = tokens.get(pos);
    if (t.equals("(")) {
      pos++;
      Condition c = or();
      if (pos >= tokens.size() || !tokens.get(pos).equals(")")) {
        throw error("missing ')'");
      }
      pos++;
      return c;
    }
    if (t.equals(")")) {
      throw error("unexpected ')'");
    }
    if (pos + 1 < tokens.size() && tokens.get(pos + 1).equalsIgnoreCase("of")) {
      boolean all;
      if (t.equalsIgnoreCase("all")) {
        all = true;
      } else if (t.equals("1")) {
        all = false;
      } else {
        throw error("'" + t + " of' is not supported; Sigma has '1 of' and 'all of'");
      }
      pos += 2;
      if (pos >= tokens.size() || tokens.get(pos).equals("(") || tokens.get(pos).equals(")")) {
        throw error("'of' needs a selection name, a pattern or 'them'");
      }
      String target = tokens.get(pos++);
      return new Condition.Of(all, target.equalsIgnoreCase("them") ? null : target);
    }
    if (isKeyword(t)) {
      throw error("unexpected '" + t + "'");
    }
    pos++;
    return new Condition.Ref(t);
  }

  private boolean keyword(String k) {
    return pos < tokens.size() && tokens.get(pos).equalsIgnoreCase(k);
  }

  private static boolean isKeyword(String t) {
    return switch (t.toLowerCase(Locale.ROOT)) {
      case "and", "or", "not", "of", "them", "near" -> true;
      default -> false;
    };
  }

  private ConditionException error(String message) {
    int at = pos < offsets.size() ? offsets.get(pos) : text.length();
    return new ConditionException(message + " at offset " + at + " of '" + text.strip() + "'");
  }
}
