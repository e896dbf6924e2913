package dev.vigil.activities.projection;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.vigil.store.audit.AuditEntry;
import dev.vigil.store.audit.AuditLog;
import dev.vigil.store.system.TestDatabase;
import dev.vigil.workflows.playbook.ApprovalState;
import dev.vigil.workflows.playbook.RunStatus;
import dev.vigil.workflows.playbook.StepError;
import dev.vigil.workflows.projection.RunEvent;
import dev.vigil.workflows.system.FailureTypes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Decisions the workflow takes on its own — an approval decided by its timeout, a rollback after a
 * failure — are in the audit trail, once each however often the projection is retried.
 */
class DecisionAuditIT {

  static final HikariDataSource db = TestDatabase.fresh();
  final RunProjectionActivitiesImpl projection = new RunProjectionActivitiesImpl(db);
  final AuditLog audit = new AuditLog(db);

  @AfterAll
  static void close() {
    db.close();
  }

  static RunEvent event(
      String runId,
      RunEvent.Type type,
      long seq,
      RunStatus status,
      StepError error,
      ApprovalState a) {
    return new RunEvent(
        type,
        "default",
        runId,
        "run/default/" + runId,
        seq,
        "2026-01-01T00:00:0" + seq + "Z",
        status,
        "pb",
        1,
        "live",
        "ana",
        Map.of(),
        null,
        error,
        List.of(),
        a,
        null);
  }

  static ApprovalState approval(String status, String decidedBy) {
    return new ApprovalState(
        "ok",
        "go?",
        List.of("analyst"),
        List.of(),
        1,
        false,
        status,
        List.of(),
        "2026-01-01T00:00:02Z",
        "2026-01-01T00:30:02Z",
        decidedBy == null ? null : "2026-01-01T00:30:02Z",
        List.of(),
        List.of(),
        decidedBy);
  }

  List<AuditEntry> entries(String action) {
    return audit.list("default", 200, null).items().stream()
        .filter(e -> e.action().equals(action))
        .toList();
  }

  @Test
  void anApprovalDecidedByItsTimeoutIsAuditedOnceAsTheSystemsDecision() {
    projection.apply(event("t1", RunEvent.Type.RUN_STARTED, 1, RunStatus.RUNNING, null, null));
    projection.apply(
        event(
            "t1",
            RunEvent.Type.APPROVAL,
            2,
            RunStatus.WAITING_APPROVAL,
            null,
            approval("pending", null)));
    RunEvent decided =
        event(
            "t1",
            RunEvent.Type.APPROVAL,
            3,
            RunStatus.RUNNING,
            null,
            approval("approved", "timeout"));
    projection.apply(decided);
    projection.apply(decided); // a retried local activity

    List<AuditEntry> found = entries("approval.timeout");
    assertThat(found).hasSize(1);
    assertThat(found.get(0).actor()).isEqualTo(RunProjectionActivitiesImpl.SYSTEM_ACTOR);
    assertThat(found.get(0).target()).isEqualTo("run/t1/approvals/ok");
    assertThat(found.get(0).outcome()).isEqualTo("approved");
    assertThat(audit.verify("default").valid()).isTrue();
  }

  @Test
  void automaticRollbacksAreAuditedWithTheirOutcomeAndACancelWithRollbackIsNot() {
    projection.apply(event("r1", RunEvent.Type.RUN_STARTED, 1, RunStatus.RUNNING, null, null));
    RunEvent rolledBack =
        event(
            "r1",
            RunEvent.Type.RUN_ENDED,
            2,
            RunStatus.ROLLED_BACK,
            new StepError(
                FailureTypes.PLAYBOOK_FAILED, "failing on purpose", "/steps/2/fail", null),
            null);
    projection.apply(rolledBack);
    projection.apply(rolledBack);
    projection.apply(event("r2", RunEvent.Type.RUN_STARTED, 1, RunStatus.RUNNING, null, null));
    projection.apply(
        event(
            "r2",
            RunEvent.Type.RUN_ENDED,
            2,
            RunStatus.ROLLED_BACK,
            new StepError(FailureTypes.CANCELLED, "cancelled by bob", null, null),
            null));

    projection.apply(event("r3", RunEvent.Type.RUN_STARTED, 1, RunStatus.RUNNING, null, null));
    projection.apply(
        event(
            "r3",
            RunEvent.Type.RUN_ENDED,
            2,
            RunStatus.FAILED,
            new StepError(
                FailureTypes.RUN_FAILED,
                "stop; rollback incomplete: undo of block failed: HTTP 500",
                null,
                null),
            null));
    projection.apply(event("r4", RunEvent.Type.RUN_STARTED, 1, RunStatus.RUNNING, null, null));
    projection.apply(
        event(
            "r4",
            RunEvent.Type.RUN_ENDED,
            2,
            RunStatus.FAILED,
            new StepError(FailureTypes.PLAYBOOK_FAILED, "stop", "/steps/0/fail", null),
            null));

    List<AuditEntry> found = entries("run.rollback");
    // newest first: the failed rollback, then the one that completed; no record for r2 or r4
    assertThat(found).extracting(AuditEntry::target).containsExactly("run/r3", "run/r1");
    assertThat(found).extracting(AuditEntry::outcome).containsExactly("failed", "success");
    assertThat(found.get(1).details()).containsEntry("reason", "failing on purpose");
  }
}
