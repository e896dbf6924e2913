package dev.vigil.workflows.system;

/** Every Temporal task queue Vigil uses, in one place. */
public final class TaskQueues {

  /** Playbook runs: {@code PlaybookRunWorkflow}, its loop slices and the action activities. */
  public static final String PLAYBOOK_RUNS = "playbook-runs";

  private TaskQueues() {}
}
