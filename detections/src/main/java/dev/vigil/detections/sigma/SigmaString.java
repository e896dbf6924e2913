package dev.vigil.detections.sigma;

import java.util.ArrayList;
import java.util.List;

/**
 * A Sigma string value as literal text and wildcards. {@code *} is any run of characters, {@code ?}
 * one character; a backslash escapes {@code *}, {@code ?} and itself and is literal before anything
 * else (as pySigma reads it). {@link #windash} turns parameter dashes into a class of the five
 * dashes Windows accepts.
 */
final class SigmaString {

  /** One part of the value. */
  sealed interface Part permits Literal, AnyRun, AnyChar, Dash {}

  record Literal(String text) implements Part {}

  record AnyRun() implements Part {}

  record AnyChar() implements Part {}

  /** A windash position: one of {@code - / – — ―}. */
  record Dash() implements Part {}

  static final String DASHES = "-/\u2013\u2014\u2015";

  private static final String RE2_META = "\\.+*?()|[]{}^$";

  private final List<Part> parts;

  private SigmaString(List<Part> parts) {
    this.parts = merge(parts);
  }

  static SigmaString parse(String s) {
    List<Part> parts = new ArrayList<>();
    StringBuilder lit = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length() && "*?\\".indexOf(s.charAt(i + 1)) >= 0) {
        lit.append(s.charAt(++i));
      } else if (c == '*' || c == '?') {
        flush(lit, parts);
        parts.add(c == '*' ? new AnyRun() : new AnyChar());
      } else {
        lit.append(c);
      }
    }
    flush(lit, parts);
    return new SigmaString(parts);
  }

  static SigmaString literal(String s) {
    return new SigmaString(List.of(new Literal(s)));
  }

  private static void flush(StringBuilder lit, List<Part> parts) {
    if (lit.length() > 0) {
      parts.add(new Literal(lit.toString()));
      lit.setLength(0);
    }
  }

  private static List<Part> merge(List<Part> in) {
    List<Part> out = new ArrayList<>();
    for (Part p : in) {
      Part last = out.isEmpty() ? null : out.get(out.size() - 1);
      if (p instanceof Literal l && last instanceof Literal m) {
        out.set(out.size() - 1, new Literal(m.text() + l.text()));
      } else if (p instanceof AnyRun && last instanceof AnyRun) {
        continue;
      } else if (!(p instanceof Literal l2 && l2.text().isEmpty())) {
        out.add(p);
      }
    }
    return List.copyOf(out);
  }

  List<Part> parts() {
    return parts;
  }

  /** {@code contains}: a {@code *} at both ends unless one is there already. */
  SigmaString contains() {
    return startsWith().endsWith();
  }

  /** {@code startswith}: a {@code *} at the end. */
  SigmaString startsWith() {
    List<Part> p = new ArrayList<>(parts);
    p.add(new AnyRun());
    return new SigmaString(p);
  }

  /** {@code endswith}: a {@code *} at the start. */
  SigmaString endsWith() {
    List<Part> p = new ArrayList<>();
    p.add(new AnyRun());
    p.addAll(parts);
    return new SigmaString(p);
  }

  /**
   * {@code windash}: a {@code -} or {@code /} that starts a word (no word character before it, one
   * after it; pySigma's {@code \B[-/]\b}) matches any of the five dashes.
   */
  SigmaString windash() {
    List<Part> out = new ArrayList<>();
    for (Part p : parts) {
      if (!(p instanceof Literal l)) {
        out.add(p);
        continue;
      }
      String t = l.text();
      StringBuilder lit = new StringBuilder();
      for (int i = 0; i < t.length(); i++) {
        char c = t.charAt(i);
        boolean before = i > 0 && isWord(t.charAt(i - 1));
        boolean after = i + 1 < t.length() && isWord(t.charAt(i + 1));
        if ((c == '-' || c == '/') && !before && after) {
          flush(lit, out);
          out.add(new Dash());
        } else {
          lit.append(c);
        }
      }
      flush(lit, out);
    }
    return new SigmaString(out);
  }

  private static boolean isWord(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }

  /** Only {@code *}: any value at all. */
  boolean isAnyValue() {
    return parts.size() == 1 && parts.get(0) instanceof AnyRun;
  }

  /**
   * The literal when the value is one literal with at most a {@code *} at either end (so it can be
   * tested with {@code ==}, {@code contains}, {@code startsWith}, {@code endsWith}), else null.
   */
  Simple simple() {
    int from = 0;
    int to = parts.size();
    boolean leading = to > 0 && parts.get(0) instanceof AnyRun;
    if (leading) {
      from++;
    }
    boolean trailing = to > from && parts.get(to - 1) instanceof AnyRun;
    if (trailing) {
      to--;
    }
    if (to - from == 0) {
      return leading || trailing ? null : new Simple("", false, false);
    }
    if (to - from == 1 && parts.get(from) instanceof Literal l) {
      return new Simple(l.text(), leading, trailing);
    }
    return null;
  }

  /** A literal and where the value may have more text. */
  record Simple(String text, boolean anyBefore, boolean anyAfter) {}

  /** An RE2 pattern for the whole value (unanchored where it starts or ends with {@code *}). */
  String regex() {
    StringBuilder sb = new StringBuilder();
    int from = 0;
    int to = parts.size();
    if (to > 0 && parts.get(0) instanceof AnyRun) {
      from++;
    } else {
      sb.append('^');
    }
    boolean openEnd = to > from && parts.get(to - 1) instanceof AnyRun;
    if (openEnd) {
      to--;
    }
    for (int i = from; i < to; i++) {
      Part p = parts.get(i);
      if (p instanceof Literal l) {
        sb.append(quote(l.text()));
      } else if (p instanceof AnyRun) {
        sb.append(".*");
      } else if (p instanceof AnyChar) {
        sb.append('.');
      } else {
        sb.append('[').append(DASHES).append(']');
      }
    }
    if (!openEnd) {
      sb.append('$');
    }
    return sb.toString();
  }

  /** Escapes RE2 metacharacters. */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (RE2_META.indexOf(c) >= 0) {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.toString();
  }

  /**
   * True when lower-casing only ASCII letters (CEL's {@code lowerAscii}) is enough to compare this
   * text case-insensitively: it holds no other cased character.
   */
  static boolean asciiCaseFolds(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c > 0x7f && (Character.toLowerCase(c) != c || Character.toUpperCase(c) != c)) {
        return false;
      }
    }
    return true;
  }

  /** Lower-cases ASCII letters only, as CEL's {@code lowerAscii}. */
  static String lowerAscii(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      sb.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
    }
    return sb.toString();
  }
}
