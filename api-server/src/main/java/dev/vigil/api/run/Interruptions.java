package dev.vigil.api.run;

import dev.vigil.api.system.Actor;
import dev.vigil.api.system.Audit;
import dev.vigil.store.approval.ApprovalRecord;
import dev.vigil.store.approval.ApprovalRepository;
import dev.vigil.store.run.RunRepository;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs PostgreSQL holds as open that Temporal does not know (the embedded service keeps runs in
 * memory) are marked {@code interrupted} with the reason, their pending approvals closed, and that
 * audited — at start-up for every open run, and when a cancel finds Temporal has forgotten one.
 */
@Component
public class Interruptions {

  private static final Logger log = LoggerFactory.getLogger(Interruptions.class);

  public static final String REASON =
      "Temporal no longer knows this run (the embedded Temporal service keeps runs in memory and was"
          + " restarted); it cannot continue and must be started again";

  private final RunRepository runs;
  private final ApprovalRepository approvals;
  private final RunGateway temporal;
  private final Audit audit;

  public Interruptions(
      RunRepository runs, ApprovalRepository approvals, RunGateway temporal, Audit audit) {
    this.runs = runs;
    this.approvals = approvals;
    this.temporal = temporal;
    this.audit = audit;
  }

  /**
   * Marks the run interrupted when Temporal does not know its workflow; true when it did now. A run
   * Temporal closed but whose end has not reached the store yet is left alone: the worker is still
   * retrying its record.
   */
  public boolean interruptIfForgotten(String tenant, String runId, String workflowId) {
    if (knownToTemporal(workflowId) || !runs.markInterrupted(tenant, runId, REASON)) {
      return false;
    }
    approvals.closePending(tenant, runId, ApprovalRecord.INTERRUPTED);
    audit.record(
        Actor.system(tenant),
        "run.interrupt",
        "run/" + runId,
        Audit.SUCCESS,
        Map.of("reason", REASON));
    log.warn("run {} ({}) marked interrupted: {}", runId, tenant, REASON);
    return true;
  }

  /** Unless Temporal says it does not know the workflow, it is left alone. */
  private boolean knownToTemporal(String workflowId) {
    return temporal.exists(workflowId) != RunGateway.Existence.ABSENT;
  }
}
