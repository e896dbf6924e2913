package dev.vigil.workflows.playbook.engine;

import dev.vigil.workflows.action.StepProjection;
import dev.vigil.workflows.playbook.RunStatus;
import dev.vigil.workflows.playbook.StartRunInput;
import dev.vigil.workflows.playbook.StepError;
import dev.vigil.workflows.playbook.Vote;
import dev.vigil.workflows.projection.RunEvent;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Sends a run's transitions to the system of record, numbered so the store applies each once and in
 * order. Loop slices do not project: their run projects what they did when they return.
 */
final class Projector {

  private final RunContext run;
  private final Supplier<RunStatus> status;
  private long seq;

  /** A decided approval whose close waits to be written with its step's end. */
  private record PendingClose(StepRecord step, ApprovalBox box, Vote decidingVote) {}

  private PendingClose pending;

  Projector(RunContext run, Supplier<RunStatus> status) {
    this.run = run;
    this.status = status;
  }

  boolean active() {
    return !run.inSlice();
  }

  void emit(RunEvent.Type type, List<StepRecord> steps) {
    emit(type, steps, null, null, null, null);
  }

  void approval(StepRecord step, ApprovalBox box) {
    emit(RunEvent.Type.APPROVAL, step == null ? List.of() : List.of(step), box, null, null, null);
  }

  void vote(ApprovalBox box, Vote vote) {
    emit(RunEvent.Type.VOTE, List.of(), box, vote, null, null);
  }

  /**
   * A decided approval: its close (and {@code decidingVote}, if not yet recorded) are written with
   * the next transition of {@code step} — normally its end, a moment later in the same workflow
   * task — in one write instead of three. Any other transition first writes it on its own, so
   * nothing is lost or reordered.
   */
  void closeWithStep(StepRecord step, ApprovalBox box, Vote decidingVote) {
    if (!active()) {
      return;
    }
    flushClose(List.of());
    pending = new PendingClose(step, box, decidingVote);
  }

  /** Writes a pending close, with {@code steps} (its step's end, or nothing). */
  private void flushClose(List<StepRecord> steps) {
    if (pending != null) {
      PendingClose p = pending;
      pending = null;
      send(RunEvent.Type.APPROVAL, steps, p.box(), p.decidingVote(), null, null);
    }
  }

  void ended(List<StepRecord> steps, Map<String, Object> outputs, StepError error) {
    emit(RunEvent.Type.RUN_ENDED, steps, null, null, outputs, error);
  }

  /**
   * Reserves the next sequence number for an action activity that records its step's end itself
   * (one round trip less per step), so that write cannot overtake later transitions.
   */
  StepProjection reserve(StepRecord r) {
    if (!active()) {
      return null;
    }
    flushClose(List.of());
    return new StepProjection(++seq, run.positions.get(r.id), r.kind, r.startedAt);
  }

  private void emit(
      RunEvent.Type type,
      List<StepRecord> steps,
      ApprovalBox approval,
      Vote vote,
      Map<String, Object> outputs,
      StepError error) {
    if (!active()) {
      return;
    }
    if (pending != null
        && type == RunEvent.Type.STEPS
        && steps.size() == 1
        && steps.get(0) == pending.step()) {
      flushClose(steps); // the approval step ends: its close, deciding vote and end in one write
      return;
    }
    flushClose(List.of());
    send(type, steps, approval, vote, outputs, error);
  }

  private void send(
      RunEvent.Type type,
      List<StepRecord> steps,
      ApprovalBox approval,
      Vote vote,
      Map<String, Object> outputs,
      StepError error) {
    StartRunInput input = run.input;
    boolean start = type == RunEvent.Type.RUN_STARTED;
    run.host.project(
        new RunEvent(
            type,
            input.tenant(),
            input.runId(),
            StartRunInput.workflowId(input.tenant(), input.runId()),
            ++seq,
            run.now(),
            status.get(),
            input.playbook().key(),
            input.playbook().version(),
            input.mode().key(),
            input.startedBy(),
            start ? input.inputs() : null,
            outputs,
            error,
            steps.stream()
                .map(r -> new RunEvent.PositionedStep(run.positions.get(r.id), r.toState()))
                .toList(),
            approval == null ? null : approval.toState(),
            vote));
  }
}
