package dev.vigil.detections.sigma;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The modifiers of one detection key ({@code Field|mod|mod}), checked for what Vigil supports. */
record Modifiers(String field, Set<Modifier> set) {

  enum Modifier {
    CONTAINS,
    STARTSWITH,
    ENDSWITH,
    ALL,
    RE,
    I,
    M,
    S,
    CIDR,
    WINDASH,
    EXISTS,
    CASED,
    BASE64,
    GT,
    GTE,
    LT,
    LTE,
    NEQ
  }

  /** Standard Sigma modifiers Vigil cannot express, and why. */
  private static final Map<String, String> UNSUPPORTED =
      Map.ofEntries(
          Map.entry("base64offset", "needs the three shifted encodings matched inside the field"),
          Map.entry("utf16le", "events hold decoded text, not UTF-16 bytes"),
          Map.entry("utf16be", "events hold decoded text, not UTF-16 bytes"),
          Map.entry("utf16", "events hold decoded text, not UTF-16 bytes"),
          Map.entry("wide", "events hold decoded text, not UTF-16 bytes"),
          Map.entry("expand", "placeholders need a processing pipeline with value lists"),
          Map.entry("fieldref", "comparing two fields of one event is not supported yet"),
          Map.entry("minute", "time-part modifiers are not supported"),
          Map.entry("hour", "time-part modifiers are not supported"),
          Map.entry("day", "time-part modifiers are not supported"),
          Map.entry("week", "time-part modifiers are not supported"),
          Map.entry("month", "time-part modifiers are not supported"),
          Map.entry("year", "time-part modifiers are not supported"));

  private static final Set<Modifier> POSITION =
      EnumSet.of(Modifier.CONTAINS, Modifier.STARTSWITH, Modifier.ENDSWITH);
  private static final Set<Modifier> REGEX_FLAGS = EnumSet.of(Modifier.I, Modifier.M, Modifier.S);
  private static final Set<Modifier> NUMERIC =
      EnumSet.of(Modifier.GT, Modifier.GTE, Modifier.LT, Modifier.LTE);

  /** Parses {@code key}; reports each unsupported or conflicting modifier at {@code pointer}. */
  static Modifiers parse(String key, String pointer, Problems problems) {
    String[] parts = key.split("\\|", -1);
    Set<Modifier> set = EnumSet.noneOf(Modifier.class);
    List<Modifier> order = new ArrayList<>();
    boolean ok = true;
    for (int i = 1; i < parts.length; i++) {
      String name = parts[i].toLowerCase(Locale.ROOT);
      if (UNSUPPORTED.containsKey(name)) {
        problems.add(pointer, "modifier '" + name + "' is not supported: " + UNSUPPORTED.get(name));
        ok = false;
        continue;
      }
      Modifier m;
      try {
        m = Modifier.valueOf(name.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        problems.add(pointer, "unknown modifier '" + parts[i] + "'");
        ok = false;
        continue;
      }
      if (!set.add(m)) {
        problems.add(pointer, "modifier '" + name + "' is given twice");
        ok = false;
      }
      order.add(m);
    }
    if (!ok) {
      return null;
    }
    String conflict = conflict(set, order);
    if (conflict != null) {
      problems.add(pointer, conflict);
      return null;
    }
    return new Modifiers(parts[0], set);
  }

  private static String conflict(Set<Modifier> set, List<Modifier> order) {
    if (count(set, POSITION) > 1) {
      return "contains, startswith and endswith exclude each other";
    }
    if (set.contains(Modifier.RE)) {
      Set<Modifier> rest = EnumSet.copyOf(set);
      rest.removeAll(EnumSet.of(Modifier.RE, Modifier.ALL));
      rest.removeAll(REGEX_FLAGS);
      return rest.isEmpty() ? null : "re combines only with its flags i, m, s and with all";
    }
    if (count(set, REGEX_FLAGS) > 0) {
      return "modifiers i, m and s are flags of re";
    }
    if (set.contains(Modifier.EXISTS) && set.size() > 1) {
      return "exists combines with no other modifier";
    }
    if (set.contains(Modifier.CIDR)) {
      Set<Modifier> rest = EnumSet.copyOf(set);
      rest.removeAll(EnumSet.of(Modifier.CIDR, Modifier.ALL));
      return rest.isEmpty() ? null : "cidr combines only with all";
    }
    if (count(set, NUMERIC) > 0) {
      Set<Modifier> rest = EnumSet.copyOf(set);
      rest.removeAll(NUMERIC);
      rest.remove(Modifier.ALL);
      return count(set, NUMERIC) == 1 && rest.isEmpty()
          ? null
          : "gt, gte, lt and lte take one of them alone (with all at most)";
    }
    if (set.contains(Modifier.BASE64)) {
      int at = order.indexOf(Modifier.BASE64);
      for (int i = 0; i < at; i++) {
        if (POSITION.contains(order.get(i)) || order.get(i) == Modifier.WINDASH) {
          return "base64 must come before " + order.get(i).name().toLowerCase(Locale.ROOT);
        }
      }
    }
    return null;
  }

  private static int count(Set<Modifier> set, Set<Modifier> of) {
    int n = 0;
    for (Modifier m : of) {
      n += set.contains(m) ? 1 : 0;
    }
    return n;
  }

  boolean has(Modifier m) {
    return set.contains(m);
  }

  Modifier numeric() {
    for (Modifier m : NUMERIC) {
      if (set.contains(m)) {
        return m;
      }
    }
    return null;
  }
}
