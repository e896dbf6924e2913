package dev.vigil.playbook.model;

/**
 * One step of a playbook: the fields every kind shares plus the kind-specific {@link StepBody}.
 *
 * @param id unique id within the playbook
 * @param name optional human label
 * @param pointer JSON Pointer of this step inside the definition (for errors)
 * @param when optional guard template; a false guard skips the step
 * @param timeout optional duration text (action: start-to-close; others: whole step)
 * @param retry optional retry policy (actions only)
 * @param onError what a failure of this step does
 * @param undo optional compensation action
 * @param body what the step does
 */
public record Step(
    String id,
    String name,
    String pointer,
    String when,
    String timeout,
    RetrySpec retry,
    OnError onError,
    ActionCall undo,
    StepBody body) {

  public StepKind kind() {
    return body.kind();
  }

  /** The step lists nested in this step: branches, cases, loop body, parallel lanes, handler. */
  public java.util.List<java.util.List<Step>> childLists() {
    java.util.List<java.util.List<Step>> out = new java.util.ArrayList<>();
    if (body instanceof StepBody.If i) {
      out.add(i.then());
      out.add(i.otherwise());
    } else if (body instanceof StepBody.Switch sw) {
      out.addAll(sw.cases().values());
      out.add(sw.defaultCase());
    } else if (body instanceof StepBody.ForEach fe) {
      out.add(fe.body());
    } else if (body instanceof StepBody.Parallel p) {
      out.addAll(p.branches());
    }
    if (!onError.handler().isEmpty()) {
      out.add(onError.handler());
    }
    return out;
  }

  /** Every step of {@code steps} and of the lists nested in them, depth first, in order. */
  public static java.util.List<Step> flatten(java.util.List<Step> steps) {
    java.util.List<Step> out = new java.util.ArrayList<>();
    for (Step s : steps) {
      out.add(s);
      s.childLists().forEach(l -> out.addAll(flatten(l)));
    }
    return out;
  }
}
