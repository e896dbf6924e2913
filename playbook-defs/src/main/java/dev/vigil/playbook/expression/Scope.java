package dev.vigil.playbook.expression;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The variables an expression may use. Every expression sees the run contexts {@link #CONTEXTS};
 * inside a loop the item variable and {@code index}, inside an error handler {@code error}.
 */
public record Scope(Set<String> locals) {

  /** Contexts available everywhere, each a map. */
  public static final List<String> CONTEXTS =
      List.of("inputs", "steps", "vars", "trigger", "run", "incident");

  public static final String INDEX = "index";
  public static final String ERROR = "error";

  public static final Scope ROOT = new Scope(Set.of());

  public Scope {
    locals = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(locals));
  }

  public Scope with(String... names) {
    Set<String> s = new TreeSet<>(locals);
    s.addAll(List.of(names));
    return new Scope(s);
  }
}
