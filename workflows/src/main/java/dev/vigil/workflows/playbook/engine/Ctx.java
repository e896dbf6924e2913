package dev.vigil.workflows.playbook.engine;

import dev.vigil.playbook.expression.Scope;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a step runs: the step entries it can read ({@code steps.<id>}) and the local variables of
 * enclosing loops and error handlers. The root and every loop iteration own their step entries, so
 * an iteration reads its own steps, not a sibling iteration's.
 */
final class Ctx {

  private final Ctx parent;
  private final Map<String, Object> steps;
  private final Map<String, Object> locals;
  private final String path;

  private Ctx(Ctx parent, Map<String, Object> steps, Map<String, Object> locals, String path) {
    this.parent = parent;
    this.steps = steps;
    this.locals = locals;
    this.path = path;
  }

  static Ctx root(Map<String, Object> steps, Map<String, Object> locals) {
    return root(steps, locals, "");
  }

  /** The root of a loop slice, placed at {@code path} inside the run. */
  static Ctx root(Map<String, Object> steps, Map<String, Object> locals, String path) {
    return new Ctx(null, steps, locals, path);
  }

  /** A loop iteration: owns fresh entries for the loop body's steps. */
  Ctx iteration(
      Map<String, Object> bodyEntries, String as, Object item, long index, String segment) {
    Map<String, Object> l = new LinkedHashMap<>();
    l.put(as, item);
    l.put(Scope.INDEX, index);
    return new Ctx(this, bodyEntries, l, path + segment);
  }

  /** The same step entries with one more local variable (error handlers). */
  Ctx withLocal(String name, Object value) {
    Map<String, Object> l = new LinkedHashMap<>();
    l.put(name, value);
    return new Ctx(this, null, l, path);
  }

  /** Iteration path from the run's root: prefix of child run ids and approval keys. */
  String path() {
    return path;
  }

  void publish(String stepId, Map<String, Object> entry) {
    Ctx c = this;
    while (c.steps == null) {
      c = c.parent;
    }
    c.steps.put(stepId, entry);
  }

  Map<String, Object> visibleSteps() {
    if (parent == null) {
      return steps;
    }
    if (steps == null) {
      return parent.visibleSteps();
    }
    Map<String, Object> merged = new LinkedHashMap<>(parent.visibleSteps());
    merged.putAll(steps);
    return merged;
  }

  Map<String, Object> allLocals() {
    if (parent == null) {
      return locals;
    }
    Map<String, Object> merged = new LinkedHashMap<>(parent.allLocals());
    merged.putAll(locals);
    return merged;
  }

  Scope scope() {
    return new Scope(allLocals().keySet());
  }
}
