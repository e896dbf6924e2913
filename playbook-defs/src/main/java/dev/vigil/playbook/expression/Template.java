package dev.vigil.playbook.expression;

import java.util.ArrayList;
import java.util.List;

/**
 * A string split into literal text and {@code ${{ … }}} expressions. A string that is exactly one
 * expression (surrounding blanks allowed) is {@linkplain #isWhole() whole}: it evaluates to the
 * expression's typed value. Otherwise the expressions are interpolated as text.
 */
public record Template(String source, List<Part> parts) {

  public static final String OPEN = "${{";
  public static final String CLOSE = "}}";

  /** Literal text or an expression. */
  public record Part(String literal, String expression) {
    public boolean isExpression() {
      return expression != null;
    }
  }

  /** True when the text contains at least one {@code ${{}. */
  public static boolean isTemplate(String text) {
    return text != null && text.contains(OPEN);
  }

  /**
   * Splits {@code text}; throws {@link ExpressionException} when a {@code ${{} has no closing
   * {@code }}} or an expression is empty.
   */
  public static Template parse(String text) {
    List<Part> parts = new ArrayList<>();
    int pos = 0;
    while (pos < text.length()) {
      int open = text.indexOf(OPEN, pos);
      if (open < 0) {
        parts.add(new Part(text.substring(pos), null));
        break;
      }
      if (open > pos) {
        parts.add(new Part(text.substring(pos, open), null));
      }
      int close = findClose(text, open + OPEN.length());
      if (close < 0) {
        throw new ExpressionException(
            text, "'${{' at offset " + open + " is never closed with '}}'");
      }
      String expr = text.substring(open + OPEN.length(), close).trim();
      if (expr.isEmpty()) {
        throw new ExpressionException(text, "empty expression '${{ }}'");
      }
      parts.add(new Part(null, expr));
      pos = close + CLOSE.length();
    }
    return new Template(text, List.copyOf(parts));
  }

  /**
   * Finds the {@code }}} that closes a template, skipping CEL string literals and balanced map
   * literal braces (which may themselves contain "}}").
   */
  private static int findClose(String text, int from) {
    char quote = 0;
    int depth = 0;
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (c == '\\') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '{') {
        depth++;
      } else if (c == '}') {
        if (depth > 0) {
          depth--;
        } else if (text.startsWith(CLOSE, i)) {
          return i;
        }
      }
    }
    return -1;
  }

  public boolean isWhole() {
    return parts.size() == 1 && parts.get(0).isExpression()
        || parts.size() <= 3
            && parts.stream().filter(Part::isExpression).count() == 1
            && parts.stream().filter(p -> !p.isExpression()).allMatch(p -> p.literal().isBlank());
  }

  public List<String> expressions() {
    return parts.stream().filter(Part::isExpression).map(Part::expression).toList();
  }
}
