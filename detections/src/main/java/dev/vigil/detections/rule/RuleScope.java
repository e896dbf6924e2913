package dev.vigil.detections.rule;

import dev.vigil.playbook.expression.Scope;

/** Rule expressions see one variable, {@code event}: the canonical event as a map. */
public final class RuleScope {
  public static final String EVENT = "event";
  public static final Scope SCOPE = Scope.ROOT.with(EVENT);

  private RuleScope() {}
}
