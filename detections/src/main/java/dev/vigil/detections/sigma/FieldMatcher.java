package dev.vigil.detections.sigma;

import dev.vigil.detections.sigma.Modifiers.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One field's values and modifiers → a null-safe CEL test. Every comparison is guarded so that an
 * absent key, a null or a value of another type makes it false instead of an evaluation error.
 * Strings compare case-insensitively ({@code lowerAscii()} when that suffices, an {@code (?i)} RE2
 * pattern otherwise) unless {@code cased}; {@code re} is case-sensitive unless {@code i}. A number
 * matches the number and its decimal text (Windows {@code EventData} values are strings), and a
 * string of digits matches the number too.
 */
final class FieldMatcher {

  private static final Pattern INTEGER = Pattern.compile("-?[0-9]+");
  private static final Pattern NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");

  /** Constructs that RE2 (CEL's {@code matches}) does not have. */
  private static final Pattern NOT_RE2 =
      Pattern.compile("\\(\\?[=!<>]|\\(\\?<[=!]|\\\\[1-9]|[*+?}][+]|\\\\[GZz]");

  private final String path;
  private final Modifiers mods;
  private final String pointer;
  private final Problems problems;
  private final String a;
  private final String present;

  private FieldMatcher(String path, Modifiers mods, String pointer, Problems problems) {
    this.path = path;
    this.mods = mods;
    this.pointer = pointer;
    this.problems = problems;
    this.a = Cel.access(path);
    this.present = Cel.present(path);
  }

  /**
   * The test of {@code path} against {@code values} (OR, or AND with {@code all}); null, with
   * findings at {@code pointer}, when a value cannot be translated.
   */
  static String compile(
      String path, Modifiers mods, List<Object> values, String pointer, Problems problems) {
    return new FieldMatcher(path, mods, pointer, problems).compile(values);
  }

  private String compile(List<Object> values) {
    if (values.isEmpty()) {
      problems.add(pointer, "an empty list of values matches nothing");
      return null;
    }
    int before = problems.size();
    if (mods.has(Modifier.ALL)) {
      List<String> terms = new ArrayList<>();
      for (Object v : values) {
        Group g = new Group();
        add(g, v);
        terms.add(g.cel());
      }
      return problems.size() > before ? null : Cel.and(terms);
    }
    Group g = new Group();
    for (Object v : values) {
      add(g, v);
    }
    return problems.size() > before ? null : g.cel();
  }

  /** The tests of one OR-list, gathered so a field is guarded once. */
  private final class Group {
    final List<String> exact = new ArrayList<>();
    final List<String> lowered = new ArrayList<>();
    final List<String> onString = new ArrayList<>();
    final List<String> patterns = new ArrayList<>();
    final List<String> other = new ArrayList<>();

    String cel() {
      List<String> ors = new ArrayList<>();
      if (!exact.isEmpty()) {
        ors.add(present + " && " + a + " in " + Cel.list(exact));
      }
      List<String> str = new ArrayList<>();
      if (!lowered.isEmpty()) {
        String l = a + ".lowerAscii()";
        str.add(lowered.size() == 1 ? l + " == " + lowered.get(0) : l + " in " + Cel.list(lowered));
      }
      str.addAll(onString);
      if (!patterns.isEmpty()) {
        String p =
            patterns.size() == 1 ? patterns.get(0) : "(?:" + String.join(")|(?:", patterns) + ")";
        str.add(a + ".matches(" + Cel.str(p) + ")");
      }
      if (!str.isEmpty()) {
        ors.add(present + " && type(" + a + ") == string && " + Cel.paren(Cel.or(str)));
      }
      ors.addAll(other);
      return Cel.or(ors);
    }
  }

  private void add(Group g, Object v) {
    if (v instanceof java.util.Map || v instanceof List) {
      problems.add(pointer, "a value must be a string, number, boolean or null");
      return;
    }
    if (mods.has(Modifier.EXISTS)) {
      if (!(v instanceof Boolean b)) {
        problems.add(pointer, "exists takes true or false");
        return;
      }
      // The canonical event keeps absent fields as null, so null counts as absent.
      g.other.add(b ? present + " && " + a + " != null" : "!" + present + " || " + a + " == null");
      return;
    }
    if (v == null) {
      g.other.add("!" + present + " || " + a + " == null");
      return;
    }
    if (mods.numeric() != null) {
      numeric(g, v);
      return;
    }
    if (mods.has(Modifier.CIDR)) {
      try {
        g.patterns.add("(?i)" + Cidr.regex(v.toString()));
      } catch (IllegalArgumentException e) {
        problems.add(pointer, e.getMessage());
      }
      return;
    }
    if (mods.has(Modifier.RE)) {
      regex(g, v.toString());
      return;
    }
    if (mods.has(Modifier.NEQ)) {
      Group eq = new Group();
      Modifiers plain = new Modifiers(mods.field(), java.util.EnumSet.noneOf(Modifier.class));
      new FieldMatcher(path, plain, pointer, problems).add(eq, v);
      g.other.add(present + " && " + a + " != null && !" + Cel.paren(eq.cel()));
      return;
    }
    string(g, v);
  }

  private void string(Group g, Object v) {
    boolean typed = v instanceof Number || v instanceof Boolean;
    String text = typed ? v.toString() : (String) v;
    SigmaString s;
    if (mods.has(Modifier.BASE64)) {
      SigmaString.Simple plain = SigmaString.parse(text).simple();
      if (plain == null || plain.anyBefore() || plain.anyAfter()) {
        problems.add(pointer, "base64 takes a value without wildcards");
        return;
      }
      byte[] bytes = plain.text().getBytes(StandardCharsets.UTF_8);
      s = SigmaString.literal(Base64.getEncoder().encodeToString(bytes));
    } else {
      s = typed ? SigmaString.literal(text) : SigmaString.parse(text);
    }
    if (mods.has(Modifier.WINDASH)) {
      s = s.windash();
    }
    if (mods.has(Modifier.CONTAINS)) {
      s = s.contains();
    } else if (mods.has(Modifier.STARTSWITH)) {
      s = s.startsWith();
    } else if (mods.has(Modifier.ENDSWITH)) {
      s = s.endsWith();
    }
    boolean cased = mods.has(Modifier.CASED) || mods.has(Modifier.BASE64);
    if (s.isAnyValue()) {
      g.other.add(present + " && " + a + " != null");
      return;
    }
    SigmaString.Simple simple = s.simple();
    if (simple != null && (cased || SigmaString.asciiCaseFolds(simple.text()))) {
      String lit = cased ? simple.text() : SigmaString.lowerAscii(simple.text());
      boolean letters = !lit.equals(lit.toUpperCase(java.util.Locale.ROOT));
      String target = cased ? a : a + ".lowerAscii()";
      if (!simple.anyBefore() && !simple.anyAfter()) {
        if (cased || !letters) {
          g.exact.add(Cel.str(lit));
        } else {
          g.lowered.add(Cel.str(lit));
        }
        number(g, v, text);
      } else if (simple.anyBefore() && simple.anyAfter()) {
        g.onString.add(target + ".contains(" + Cel.str(lit) + ")");
      } else if (simple.anyAfter()) {
        g.onString.add(target + ".startsWith(" + Cel.str(lit) + ")");
      } else {
        g.onString.add(target + ".endsWith(" + Cel.str(lit) + ")");
      }
      return;
    }
    g.patterns.add((cased ? "(?s)" : "(?is)") + s.regex());
  }

  /** A number also matches as a number; a string of digits too. */
  private void number(Group g, Object v, String text) {
    if (v instanceof Number || v instanceof Boolean) {
      g.exact.add(v instanceof Double d ? d.toString() : v.toString());
    } else if (INTEGER.matcher(text).matches() && text.length() < 19) {
      g.exact.add(Long.toString(Long.parseLong(text)));
    }
  }

  private void numeric(Group g, Object v) {
    String text = v.toString();
    if (!(v instanceof Number) && !NUMBER.matcher(text).matches()) {
      problems.add(
          pointer, mods.numeric().name().toLowerCase(java.util.Locale.ROOT) + " takes a number");
      return;
    }
    String op =
        switch (mods.numeric()) {
          case GT -> " > ";
          case GTE -> " >= ";
          case LT -> " < ";
          default -> " <= ";
        };
    String n = Double.toString(Double.parseDouble(text));
    g.other.add(
        present
            + " && (type("
            + a
            + ") in [int, uint, double] ? double("
            + a
            + ")"
            + op
            + n
            + " : type("
            + a
            + ") == string && "
            + a
            + ".matches("
            + Cel.str("^" + NUMBER.pattern() + "$")
            + ") && double("
            + a
            + ")"
            + op
            + n
            + ")");
  }

  private void regex(Group g, String re) {
    if (NOT_RE2.matcher(re).find()) {
      problems.add(
          pointer,
          "regular expression uses lookaround, back-references, possessive quantifiers or \\Z,"
              + " which RE2 does not have");
      return;
    }
    try {
      Pattern.compile(re);
    } catch (PatternSyntaxException e) {
      problems.add(pointer, "invalid regular expression: " + e.getDescription());
      return;
    }
    StringBuilder flags = new StringBuilder();
    if (mods.has(Modifier.I)) {
      flags.append('i');
    }
    if (mods.has(Modifier.M)) {
      flags.append('m');
    }
    if (mods.has(Modifier.S)) {
      flags.append('s');
    }
    g.patterns.add(flags.isEmpty() ? re : "(?" + flags + ")" + re);
  }
}
