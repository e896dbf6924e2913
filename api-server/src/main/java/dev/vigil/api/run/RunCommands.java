package dev.vigil.api.run;

import dev.vigil.api.system.Actor;
import dev.vigil.api.system.ApiException;
import dev.vigil.api.system.Audit;
import dev.vigil.playbook.json.Json;
import dev.vigil.store.run.RunRecord;
import dev.vigil.workflows.playbook.ApprovalDecision;
import dev.vigil.workflows.playbook.CancelRequest;
import dev.vigil.workflows.playbook.StepState;
import dev.vigil.workflows.system.FailureTypes;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** Commands on a run: an analyst's decision and cancel, each audited. */
@Service
public class RunCommands {

  private static final Logger log = LoggerFactory.getLogger(RunCommands.class);

  private final RunReads reads;
  private final RunGateway temporal;
  private final Interruptions interruptions;
  private final Audit audit;

  RunCommands(RunReads reads, RunGateway temporal, Interruptions interruptions, Audit audit) {
    this.reads = reads;
    this.temporal = temporal;
    this.interruptions = interruptions;
    this.audit = audit;
  }

  /** {@code POST /api/v1/runs/{runId}/approvals/{stepId}} body. */
  public record DecisionRequest(String decision, String comment) {}

  public Object decide(Actor actor, String runId, String stepId, DecisionRequest req) {
    if (req == null
        || !(ApprovalDecision.APPROVE.equals(req.decision())
            || ApprovalDecision.REJECT.equals(req.decision()))) {
      throw ApiException.invalid("/decision", "decision must be 'approve' or 'reject'");
    }
    if (req.comment() != null && req.comment().length() > 4000) {
      throw ApiException.invalid("/comment", "comment is longer than 4000 characters");
    }
    RunRecord r = reads.require(actor, runId);
    String target = "run/" + runId + "/step/" + stepId;
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("decision", req.decision());
    if (req.comment() != null) {
      details.put("comment", req.comment());
    }
    if (!r.isOpen()) {
      audit.record(actor, "approval.vote", target, Audit.REJECTED, details);
      throw ApiException.conflict(
          "not-waiting",
          "run " + runId + " is " + r.status() + "; step '" + stepId + "' is not waiting");
    }
    try {
      StepState s =
          temporal.decide(
              r.workflowId(),
              new ApprovalDecision(
                  actor.tenant(),
                  stepId,
                  req.decision(),
                  actor.user(),
                  actor.roles(),
                  req.comment()));
      audit.record(actor, "approval.vote", target, Audit.SUCCESS, details);
      return Json.normalize(s);
    } catch (WorkflowUpdateException e) {
      String type = e.getCause() instanceof ApplicationFailure af ? af.getType() : "";
      String message =
          e.getCause() instanceof ApplicationFailure af ? af.getOriginalMessage() : e.getMessage();
      details.put("reason", type);
      audit.record(actor, "approval.vote", target, Audit.REJECTED, details);
      throw switch (type) {
        case FailureTypes.DECISION_UNKNOWN_STEP -> ApiException.notFound(message);
        case FailureTypes.DECISION_NOT_WAITING -> ApiException.conflict("not-waiting", message);
        case FailureTypes.DECISION_DUPLICATE_VOTE ->
            ApiException.conflict("duplicate-vote", message);
        case FailureTypes.DECISION_FOUR_EYES -> ApiException.forbidden("four-eyes", message);
        case FailureTypes.DECISION_NOT_ALLOWED ->
            ApiException.forbidden("not-an-approver", message);
        case FailureTypes.DECISION_INVALID -> ApiException.invalid("/decision", message);
        default -> ApiException.conflict("not-waiting", message);
      };
    } catch (io.temporal.client.WorkflowNotFoundException e) {
      log.warn(
          "vote on run {} step {}: Temporal does not know the run: {}",
          runId,
          stepId,
          e.getMessage());
      audit.record(actor, "approval.vote", target, Audit.FAILED, details);
      throw ApiException.conflict("not-waiting", "run " + runId + " is no longer running");
    } catch (io.temporal.client.WorkflowServiceException e) {
      log.warn("vote on run {} step {} failed in Temporal", runId, stepId, e);
      audit.record(actor, "approval.vote", target, Audit.FAILED, details);
      throw ApiException.unavailable(
          "Temporal did not accept the vote (" + e.getCause() + "); try again");
    }
  }

  /** {@code POST /api/v1/runs/{runId}/cancel} body. */
  public record CancelRunRequest(Boolean rollback, String reason) {}

  public Map<String, Object> cancel(Actor actor, String runId, CancelRunRequest req) {
    boolean rollback = req != null && Boolean.TRUE.equals(req.rollback());
    RunRecord r = reads.require(actor, runId);
    if (!r.isOpen()) {
      audit.record(
          actor, "run.cancel", "run/" + runId, Audit.REJECTED, Map.of("status", r.status()));
      throw ApiException.conflict(
          "not-running", "run " + runId + " is " + r.status() + " and cannot be cancelled");
    }
    try {
      temporal.cancel(
          r.workflowId(),
          new CancelRequest(rollback, actor.user(), req == null ? null : req.reason()));
    } catch (io.temporal.client.WorkflowNotFoundException e) {
      // Temporal forgot the run (the embedded service restarted) or closed it: it is not running.
      String status =
          interruptions.interruptIfForgotten(r.tenant(), r.runId(), r.workflowId())
              ? RunRecord.INTERRUPTED
              : "already ended";
      audit.record(actor, "run.cancel", "run/" + runId, Audit.REJECTED, Map.of("status", status));
      throw ApiException.conflict(
          "not-running",
          RunRecord.INTERRUPTED.equals(status)
              ? "run "
                  + runId
                  + " is interrupted: "
                  + Interruptions.REASON
                  + "; there is nothing to cancel"
              : "run " + runId + " has already ended and cannot be cancelled");
    }
    audit.record(actor, "run.cancel", "run/" + runId, Audit.SUCCESS, Map.of("rollback", rollback));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("runId", runId);
    out.put("status", "cancelling");
    out.put("rollback", rollback);
    return out;
  }
}
