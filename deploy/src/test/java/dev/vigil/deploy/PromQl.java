package dev.vigil.deploy;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression selects. Small, not a parser: it drops strings, label
 * matchers, range/subquery brackets and grouping clauses, then every remaining identifier that is
 * neither a function call, an aggregation, a keyword nor a number is a metric name.
 */
final class PromQl {

  private static final Set<String> KEYWORDS =
      Set.of(
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "and",
          "or",
          "unless",
          "bool",
          "offset");
  private static final Pattern GROUPING =
      Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_:][A-Za-z0-9_:]*");

  private PromQl() {}

  static Set<String> metricNames(String expr) {
    String s =
        expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
            .replaceAll("'(?:[^'\\\\]|\\\\.)*'", "''")
            .replaceAll("\\{[^}]*}", " ")
            .replaceAll("\\[[^]]*]", " ")
            .replaceAll("\\boffset\\s+-?[0-9a-z]+", " ");
    s = GROUPING.matcher(s).replaceAll(" ");
    // numbers: 0.95, 1e-9, 0x1F
    s = s.replaceAll("(?<![A-Za-z_:0-9])(0x[0-9a-fA-F]+|\\d+(\\.\\d+)?([eE][+-]?\\d+)?)", " ");
    Set<String> out = new LinkedHashSet<>();
    Matcher m = IDENTIFIER.matcher(s);
    while (m.find()) {
      String id = m.group();
      String rest = s.substring(m.end()).stripLeading();
      if (KEYWORDS.contains(id) || rest.startsWith("(") || id.equals("inf") || id.equals("nan")) {
        continue;
      }
      out.add(id);
    }
    return out;
  }
}
