package dev.vigil.workflows.playbook.engine;

import dev.vigil.playbook.model.ApprovalSpec;
import dev.vigil.workflows.playbook.ApprovalDecision;
import dev.vigil.workflows.playbook.ApprovalState;
import dev.vigil.workflows.playbook.Vote;
import java.util.ArrayList;
import java.util.List;

/** Mutable state of one open (or decided) approval. */
final class ApprovalBox {

  static final String PENDING = "pending";
  static final String APPROVED = "approved";
  static final String REJECTED = "rejected";
  static final String TIMED_OUT = "timed_out";
  static final String CANCELLED = "cancelled";

  /** The step id, plus the iteration path inside loops ({@code each.3.ok}). */
  final String key;

  final String stepId;
  final String prompt;
  final ApprovalSpec spec;
  final String openedAt;
  final String dueAt;
  final List<Vote> votes = new ArrayList<>();
  final List<String> escalated = new ArrayList<>();
  final List<String> escalationFailures = new ArrayList<>();
  String status = PENDING;
  String decidedAt;

  /** "votes" or "timeout". */
  String decidedBy;

  ApprovalBox(
      String key, String stepId, String prompt, ApprovalSpec spec, String openedAt, String dueAt) {
    this.key = key;
    this.stepId = stepId;
    this.prompt = prompt;
    this.spec = spec;
    this.openedAt = openedAt;
    this.dueAt = dueAt;
  }

  boolean isOpen() {
    return PENDING.equals(status);
  }

  boolean hasVoted(String actor) {
    return votes.stream().anyMatch(v -> v.actor().equals(actor));
  }

  boolean mayDecide(String actor, List<String> roles) {
    return spec.users().contains(actor) || roles.stream().anyMatch(spec.roles()::contains);
  }

  /** Records a vote; a rejection decides at once, approvals decide when the quorum is met. */
  void vote(ApprovalDecision d, String now) {
    votes.add(new Vote(d.actor(), d.decision(), d.comment(), now));
    if (ApprovalDecision.REJECT.equals(d.decision())) {
      decide(REJECTED, "votes", now);
    } else if (approvals() >= spec.quorum()) {
      decide(APPROVED, "votes", now);
    }
  }

  long approvals() {
    return votes.stream().filter(v -> ApprovalDecision.APPROVE.equals(v.decision())).count();
  }

  void decide(String outcome, String by, String now) {
    status = outcome;
    decidedBy = by;
    decidedAt = now;
  }

  ApprovalState toState() {
    return new ApprovalState(
        key,
        prompt,
        spec.roles(),
        spec.users(),
        spec.quorum(),
        spec.allowSelfApproval(),
        status,
        List.copyOf(votes),
        openedAt,
        dueAt,
        decidedAt,
        List.copyOf(escalated),
        List.copyOf(escalationFailures),
        decidedBy);
  }
}
