package dev.vigil.detections.sigma;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Small builders for the generated CEL: literals, field access that cannot fail, joins. */
final class Cel {

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** CEL reserved words, which cannot follow a dot. */
  private static final Set<String> RESERVED =
      Set.of(
          "true",
          "false",
          "null",
          "in",
          "as",
          "break",
          "const",
          "continue",
          "else",
          "for",
          "function",
          "if",
          "import",
          "let",
          "loop",
          "package",
          "namespace",
          "return",
          "var",
          "void",
          "while");

  static final String TRUE = "true";
  static final String FALSE = "false";

  private Cel() {}

  /** A single-quoted CEL string literal. */
  static String str(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('\'');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '\'' -> sb.append("\\'");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            sb.append(String.format("\\x%02x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('\'').toString();
  }

  /** A list literal of CEL expressions. */
  static String list(List<String> items) {
    return "[" + String.join(", ", items) + "]";
  }

  /**
   * The CEL that reads {@code event.<path>}; a last segment that is not a CEL identifier is indexed
   * ({@code event.attributes['Foo-Bar']}). {@code path} is a canonical path or {@code
   * attributes.<Field>}, whose field name may itself contain dots.
   */
  static String access(String path) {
    String[] p = split(path);
    return p[1] == null ? "event." + p[0] : parentOf(p) + "[" + str(p[1]) + "]";
  }

  /** True when the path's key is present (its parent always is a map in the canonical event). */
  static String present(String path) {
    String[] p = split(path);
    return p[1] == null ? "has(event." + p[0] + ")" : str(p[1]) + " in " + parentOf(p);
  }

  private static String parentOf(String[] p) {
    return "event." + p[0];
  }

  /** [dotted path usable as is, null] or [parent path, key that needs indexing]. */
  private static String[] split(String path) {
    String parent;
    String key;
    if (path.startsWith(FieldMapping.ATTRIBUTES)) {
      parent = "attributes";
      key = path.substring(FieldMapping.ATTRIBUTES.length());
    } else {
      int dot = path.lastIndexOf('.');
      parent = dot < 0 ? "" : path.substring(0, dot);
      key = dot < 0 ? path : path.substring(dot + 1);
    }
    if (IDENTIFIER.matcher(key).matches() && !RESERVED.contains(key)) {
      return new String[] {parent.isEmpty() ? key : parent + "." + key, null};
    }
    return new String[] {parent, key};
  }

  static String and(List<String> terms) {
    return join(terms, " && ", TRUE);
  }

  static String or(List<String> terms) {
    return join(terms, " || ", FALSE);
  }

  private static String join(List<String> terms, String op, String empty) {
    if (terms.isEmpty()) {
      return empty;
    }
    if (terms.size() == 1) {
      return terms.get(0);
    }
    StringBuilder sb = new StringBuilder();
    for (String t : terms) {
      if (sb.length() > 0) {
        sb.append(op);
      }
      sb.append(paren(t));
    }
    return sb.toString();
  }

  static String not(String term) {
    return "!" + paren(term);
  }

  /** Wraps in parentheses unless the term is atomic (no top-level operator). */
  static String paren(String t) {
    return isAtomic(t) ? t : "(" + t + ")";
  }

  private static boolean isAtomic(String t) {
    int depth = 0;
    char quote = 0;
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (quote != 0) {
        if (c == '\\') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '(' || c == '[') {
        depth++;
      } else if (c == ')' || c == ']') {
        depth--;
      } else if (depth == 0 && (c == ' ' || c == '!' && i == 0 || c == '?')) {
        return false;
      }
    }
    return true;
  }

  /** Wraps CEL as a whole-string template. */
  static String template(String cel) {
    return "${{ " + cel + " }}";
  }
}
