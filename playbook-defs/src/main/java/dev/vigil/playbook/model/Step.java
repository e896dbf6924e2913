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
}
