package dev.vigil.workflows.projection;

import dev.vigil.workflows.playbook.ApprovalState;
import dev.vigil.workflows.playbook.RunStatus;
import dev.vigil.workflows.playbook.StepError;
import dev.vigil.workflows.playbook.StepState;
import dev.vigil.workflows.playbook.Vote;
import java.util.List;
import java.util.Map;

/**
 * A meaningful transition of a run, written to the system of record. {@code seq} increases by one
 * per event of a run, so the store applies each at most once and never goes backwards.
 *
 * @param type what happened
 * @param tenant tenant
 * @param runId run id
 * @param workflowId the run's workflow id
 * @param seq sequence number within the run, from 1
 * @param at ISO-8601 instant of the transition
 * @param status run status after the transition
 * @param playbookKey playbook (RUN_STARTED)
 * @param playbookVersion version (RUN_STARTED)
 * @param mode live or dry_run (RUN_STARTED)
 * @param startedBy who started the run (RUN_STARTED)
 * @param inputs run inputs (RUN_STARTED)
 * @param outputs run outputs (RUN_ENDED)
 * @param error why the run did not succeed (RUN_ENDED)
 * @param steps changed step states with their definition position
 * @param approval the approval (APPROVAL)
 * @param vote the vote (VOTE; on APPROVAL, the deciding vote written with the close, or null)
 */
public record RunEvent(
    Type type,
    String tenant,
    String runId,
    String workflowId,
    long seq,
    String at,
    RunStatus status,
    String playbookKey,
    long playbookVersion,
    String mode,
    String startedBy,
    Map<String, Object> inputs,
    Map<String, Object> outputs,
    StepError error,
    List<PositionedStep> steps,
    ApprovalState approval,
    Vote vote) {

  public RunEvent {
    steps = steps == null ? List.of() : List.copyOf(steps);
  }

  /** Transition kinds. */
  public enum Type {
    RUN_STARTED,
    STEPS,
    APPROVAL,
    VOTE,
    RUN_ENDED
  }

  /** A step state and its position in the definition (for ordering). */
  public record PositionedStep(int position, StepState state) {}
}
