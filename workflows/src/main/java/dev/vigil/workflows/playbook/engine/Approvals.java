package dev.vigil.workflows.playbook.engine;

import dev.vigil.playbook.json.Json;
import dev.vigil.playbook.model.ApprovalSpec;
import dev.vigil.playbook.model.Durations;
import dev.vigil.playbook.model.Step;
import dev.vigil.playbook.model.StepBody;
import dev.vigil.workflows.action.EscalationNotice;
import dev.vigil.workflows.playbook.ApprovalDecision;
import dev.vigil.workflows.playbook.ApprovalOutcome;
import dev.vigil.workflows.playbook.ApprovalRequest;
import dev.vigil.workflows.playbook.RunMode;
import dev.vigil.workflows.playbook.StepState;
import dev.vigil.workflows.playbook.StepStatus;
import dev.vigil.workflows.system.FailureTypes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Approval steps: opening, the wait with escalations and timeout, votes, and the decision rules.
 * The run workflow holds every approval of the run, also those opened inside loop slices (a slice
 * hands its approval over with an {@link ApprovalRequest} and waits for the {@link
 * ApprovalOutcome}), so decisions always go to the run.
 */
final class Approvals {

  private final RunContext run;
  private final Projector projector;
  private final Evaluator eval;

  /** Every approval of the run by key, open or decided. */
  private final Map<String, ApprovalBox> boxes = new LinkedHashMap<>();

  /** Approvals handed over by slices and not yet served (run side). */
  private final List<ApprovalRequest> requests = new ArrayList<>();

  /** Outcomes the run sent back (slice side). */
  private final Map<String, ApprovalOutcome> outcomes = new LinkedHashMap<>();

  Approvals(RunContext run, Projector projector, Evaluator eval) {
    this.run = run;
    this.projector = projector;
    this.eval = eval;
  }

  boolean anyOpen() {
    return boxes.values().stream().anyMatch(ApprovalBox::isOpen);
  }

  List<dev.vigil.workflows.playbook.ApprovalState> open() {
    return boxes.values().stream().filter(ApprovalBox::isOpen).map(ApprovalBox::toState).toList();
  }

  // ------------------------------------------------------------------ the step

  /** Runs an approval step: waits for the decision and returns the votes as its output. */
  Object step(Step s, ApprovalSpec a, Ctx ctx, StepRecord r) {
    String prompt = eval.text(a.prompt(), s.pointer() + "/approval/prompt", ctx);
    List<String> messages = new ArrayList<>();
    for (ApprovalSpec.Escalation e : a.escalate()) {
      messages.add(
          e.message() == null
              ? null
              : eval.text(e.message(), s.pointer() + "/approval/escalate", ctx));
    }
    // legacy runs keyed approvals by step id alone (a loop's iterations shared one)
    String key = run.legacy() ? s.id() : run.keyOf(ctx, s.id());
    r.status = StepStatus.WAITING;
    ctx.publish(s.id(), r.entry());
    ApprovalOutcome outcome;
    if (run.inSlice()) {
      outcome = handOver(new ApprovalRequest(key, s.id(), prompt, messages, run.workflowId));
    } else {
      outcome = decide(key, s, prompt, messages, r, true);
    }
    return result(s, a, r, outcome);
  }

  private ApprovalOutcome handOver(ApprovalRequest request) {
    run.host.openApproval(run.runWorkflowId, request);
    run.host.await(null, () -> outcomes.containsKey(request.key()));
    return outcomes.remove(request.key());
  }

  /**
   * The wait itself, on the run: open, escalate, time out, collect votes until decided. {@code
   * stepEndsHere}: the step runs in this workflow (not in a loop's slice), so the close can be
   * written with its end.
   */
  private ApprovalOutcome decide(
      String key,
      Step s,
      String prompt,
      List<String> messages,
      StepRecord r,
      boolean stepEndsHere) {
    ApprovalSpec a = ((StepBody.Approval) s.body()).approval();
    long opened = run.host.now();
    Long due = a.timeout() == null ? null : opened + Durations.require(a.timeout()).toMillis();
    ApprovalBox box =
        new ApprovalBox(
            key,
            s.id(),
            prompt,
            a,
            RunContext.iso(opened),
            due == null ? null : RunContext.iso(due));
    boxes.put(key, box);
    r.approval = box;
    r.status = StepStatus.WAITING;
    projector.approval(r, box);
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < a.escalate().size(); i++) {
      order.add(i);
    }
    order.sort(Comparator.comparing(i -> Durations.require(a.escalate().get(i).after())));
    int next = 0;
    int[] projectedVotes = {0};
    boolean oneWrite = stepEndsHere && run.version >= RunContext.ONE_WRITE_APPROVALS;
    try {
      while (box.isOpen()) {
        long escAt =
            next < order.size()
                ? opened + Durations.require(a.escalate().get(order.get(next)).after()).toMillis()
                : Long.MAX_VALUE;
        long wake = Math.min(escAt, due == null ? Long.MAX_VALUE : due);
        Duration timeout =
            wake == Long.MAX_VALUE ? null : Duration.ofMillis(Math.max(0, wake - run.host.now()));
        // Wakes on a decision, on a new vote (to record it) or at the next deadline.
        boolean woken =
            run.host.await(timeout, () -> !box.isOpen() || box.votes.size() > projectedVotes[0]);
        if (!box.isOpen() && oneWrite) {
          break; // the deciding vote is written with the close
        }
        projectVotes(box, projectedVotes);
        if (woken) {
          continue;
        }
        long now = run.host.now();
        if (due != null && now >= due) {
          box.decide(
              switch (a.onTimeout()) {
                case APPROVE -> ApprovalBox.APPROVED;
                case REJECT -> ApprovalBox.REJECTED;
                case FAIL -> ApprovalBox.TIMED_OUT;
              },
              "timeout",
              RunContext.iso(now));
        } else if (now >= escAt) {
          int i = order.get(next);
          escalate(box, a.escalate().get(i), messages.size() > i ? messages.get(i) : null);
          next++;
        }
      }
    } catch (Cancelled c) {
      box.decide(ApprovalBox.CANCELLED, "cancel", run.now());
      projectVotes(box, projectedVotes);
      projector.approval(null, box);
      throw c;
    }
    if (oneWrite) {
      // the earlier votes are recorded; the deciding one goes with the close and the step's end
      while (projectedVotes[0] < box.votes.size() - 1) {
        projector.vote(box, box.votes.get(projectedVotes[0]++));
      }
      projector.closeWithStep(
          r, box, projectedVotes[0] < box.votes.size() ? box.votes.get(projectedVotes[0]) : null);
    } else {
      projectVotes(box, projectedVotes);
      projector.approval(null, box);
    }
    return new ApprovalOutcome(key, box.status, box.decidedBy, box.decidedAt, box.votes);
  }

  private void projectVotes(ApprovalBox box, int[] projected) {
    while (projected[0] < box.votes.size()) {
      projector.vote(box, box.votes.get(projected[0]++));
    }
  }

  private void escalate(ApprovalBox box, ApprovalSpec.Escalation e, String message) {
    String text = message == null ? "Still waiting for a decision: " + box.prompt : message;
    boolean delivered =
        run.input.mode() == RunMode.DRY_RUN
            || run.host.escalate(
                new EscalationNotice(
                    run.input.tenant(),
                    run.input.runId(),
                    box.key,
                    run.input.playbook().key(),
                    e.recipients(),
                    text,
                    box.openedAt,
                    box.dueAt));
    if (delivered || run.legacy()) {
      box.escalated.addAll(e.recipients());
    } else {
      box.escalationFailures.addAll(e.recipients());
    }
  }

  /** The step's output and end from the outcome; a timeout or a failing rejection fails it. */
  private Object result(Step s, ApprovalSpec a, StepRecord r, ApprovalOutcome o) {
    if (ApprovalBox.CANCELLED.equals(o.status())) {
      throw new Cancelled("approval " + o.key() + " cancelled");
    }
    r.outcome = o.status();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("decision", o.status());
    out.put("decidedBy", o.decidedBy());
    out.put("decidedAt", o.decidedAt());
    out.put("votes", Json.normalize(o.votes()));
    if (ApprovalBox.TIMED_OUT.equals(o.status())) {
      r.output = out;
      throw StepFailure.at(
          FailureTypes.APPROVAL_TIMED_OUT,
          "no decision on '" + s.id() + "' within " + a.timeout(),
          s.pointer() + "/approval/timeout");
    }
    if (ApprovalBox.REJECTED.equals(o.status()) && a.onReject() == ApprovalSpec.OnReject.FAIL) {
      r.output = out;
      String by =
          o.votes().stream()
              .filter(v -> ApprovalDecision.REJECT.equals(v.decision()))
              .map(v -> v.actor() + (v.comment() == null ? "" : " (" + v.comment() + ")"))
              .collect(Collectors.joining(", "));
      throw StepFailure.at(
          FailureTypes.APPROVAL_REJECTED,
          "'" + s.id() + "' was rejected" + (by.isEmpty() ? " on timeout" : " by " + by),
          s.pointer() + "/approval");
    }
    return out;
  }

  // ------------------------------------------------------------------ slices (run side)

  /** A slice handed an approval over (signal); served by the loop that runs that slice. */
  void received(ApprovalRequest request) {
    requests.add(request);
  }

  /** An outcome arrived for an approval this slice handed over (signal). */
  void answered(ApprovalOutcome outcome) {
    outcomes.put(outcome.key(), outcome);
  }

  /** Whether a request from the slice {@code sliceWorkflowId} (or one nested in it) waits. */
  boolean hasRequestFrom(String sliceWorkflowId) {
    return requests.stream().anyMatch(q -> from(q, sliceWorkflowId));
  }

  /** Takes the waiting requests from the slice {@code sliceWorkflowId} and those nested in it. */
  List<ApprovalRequest> takeRequestsFrom(String sliceWorkflowId) {
    List<ApprovalRequest> taken = requests.stream().filter(q -> from(q, sliceWorkflowId)).toList();
    requests.removeAll(taken);
    return taken;
  }

  private static boolean from(ApprovalRequest q, String sliceWorkflowId) {
    return q.replyTo().equals(sliceWorkflowId) || q.replyTo().startsWith(sliceWorkflowId + "/");
  }

  /** Waits for the decision on a slice's approval and answers the slice. */
  void serve(ApprovalRequest q) {
    Step s = run.stepsById.get(q.stepId());
    if (s == null || !(s.body() instanceof StepBody.Approval)) {
      throw new StepFailure(
          FailureTypes.INVALID_DEFINITION, "a slice handed over unknown approval " + q.stepId());
    }
    StepRecord r = run.records.get(q.stepId());
    ApprovalOutcome outcome;
    try {
      outcome = decide(q.key(), s, q.prompt(), q.escalationMessages(), r, false);
    } catch (Cancelled c) {
      outcome = new ApprovalOutcome(q.key(), ApprovalBox.CANCELLED, "cancel", run.now(), List.of());
    }
    ApprovalOutcome answer = outcome;
    run.host.runDetached(() -> run.host.sendApprovalOutcome(q.replyTo(), answer));
  }

  // ------------------------------------------------------------------ decisions

  /**
   * Checks a decision without changing anything (the update validator): unknown approval, not
   * waiting, malformed decision, four-eyes, not an approver, second vote by the same actor.
   */
  void validate(ApprovalDecision d) {
    if (d == null || d.stepId() == null) {
      throw new DecisionRejected(FailureTypes.DECISION_INVALID, "a decision needs a stepId");
    }
    ApprovalBox box = boxes.get(d.stepId());
    StepRecord r = run.records.get(box == null ? d.stepId() : box.stepId);
    if (r == null) {
      throw new DecisionRejected(
          FailureTypes.DECISION_UNKNOWN_STEP,
          "run " + run.input.runId() + " has no step '" + d.stepId() + "'");
    }
    if (box == null || !box.isOpen()) {
      throw new DecisionRejected(
          FailureTypes.DECISION_NOT_WAITING,
          "step '"
              + d.stepId()
              + "' is not waiting for a decision (it is "
              + (box == null ? r.status.key() : box.status)
              + ")");
    }
    if (!ApprovalDecision.APPROVE.equals(d.decision())
        && !ApprovalDecision.REJECT.equals(d.decision())) {
      throw new DecisionRejected(
          FailureTypes.DECISION_INVALID,
          "decision must be 'approve' or 'reject', not '" + d.decision() + "'");
    }
    if (d.actor() == null || d.actor().isBlank()) {
      throw new DecisionRejected(FailureTypes.DECISION_INVALID, "a decision needs an actor");
    }
    if (box.hasVoted(d.actor())) {
      throw new DecisionRejected(
          FailureTypes.DECISION_DUPLICATE_VOTE,
          d.actor() + " has already voted on '" + d.stepId() + "'");
    }
    if (ApprovalDecision.APPROVE.equals(d.decision())
        && d.actor().equals(run.input.startedBy())
        && !box.spec.allowSelfApproval()) {
      throw new DecisionRejected(
          FailureTypes.DECISION_FOUR_EYES,
          d.actor()
              + " started this run and may not approve it (four-eyes); another approver must decide");
    }
    if (!box.mayDecide(d.actor(), d.roles())) {
      throw new DecisionRejected(
          FailureTypes.DECISION_NOT_ALLOWED,
          d.actor()
              + " may not decide '"
              + d.stepId()
              + "': approvers are roles "
              + box.spec.roles()
              + " and users "
              + box.spec.users());
    }
  }

  /** Applies a validated decision (the update handler) and returns the step's new state. */
  StepState apply(ApprovalDecision d) {
    validate(d);
    ApprovalBox box = boxes.get(d.stepId());
    box.vote(d, run.now());
    StepRecord r = run.records.get(box.stepId);
    if (!box.isOpen()) {
      r.outcome = box.status; // the caller sees the decision at once; the step ends next task
    }
    run.host.log(
        "run {} approval {}: {} by {}", run.input.runId(), d.stepId(), d.decision(), d.actor());
    // the decided approval, which inside a loop need not be the step's latest one
    StepState st = r.toState();
    return new StepState(
        st.id(),
        st.kind(),
        st.status(),
        st.outcome(),
        st.attempts(),
        st.output(),
        st.error(),
        st.startedAt(),
        st.endedAt(),
        st.simulated(),
        box.toState(),
        st.input());
  }

  /** At the run's end: every approval still open is closed as cancelled. */
  void closeOpen() {
    for (ApprovalBox a : boxes.values()) {
      if (a.isOpen()) {
        a.decide(ApprovalBox.CANCELLED, "run-ended", run.now());
        projector.approval(null, a);
      }
    }
  }
}
