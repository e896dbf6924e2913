package dev.vigil.detections.sigma;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Sigma v1 aggregation, {@code | count([field]) [by group[, group…]] op N}: {@code count()}
 * counts events, {@code count(field)} distinct values of the field.
 */
record LegacyAggregation(
    String function, String field, List<String> groupBy, String op, long value) {

  private static final Pattern FORM =
      Pattern.compile(
          "\\s*(\\w+)\\s*\\(\\s*([\\w.\\-]*)\\s*\\)\\s*(?:by\\s+([\\w.\\-]+(?:\\s*,\\s*[\\w.\\-]+)*)\\s*)?"
              + "(<=|>=|==|=|<|>)\\s*(\\d+)\\s*",
          Pattern.CASE_INSENSITIVE);

  static LegacyAggregation parse(String text) {
    if (text.strip().toLowerCase(java.util.Locale.ROOT).startsWith("near")) {
      throw new ConditionParser.ConditionException(
          "'near' (v1 temporal aggregation) is not supported; write a temporal correlation rule");
    }
    Matcher m = FORM.matcher(text);
    if (!m.matches()) {
      throw new ConditionParser.ConditionException(
          "aggregation '" + text.strip() + "' is not of the form count([field]) [by field] op N");
    }
    List<String> groups = new ArrayList<>();
    if (m.group(3) != null) {
      for (String g : m.group(3).split(",")) {
        groups.add(g.strip());
      }
    }
    return new LegacyAggregation(
        m.group(1).toLowerCase(java.util.Locale.ROOT),
        m.group(2).isEmpty() ? null : m.group(2),
        List.copyOf(groups),
        m.group(4),
        Long.parseLong(m.group(5)));
  }
}
