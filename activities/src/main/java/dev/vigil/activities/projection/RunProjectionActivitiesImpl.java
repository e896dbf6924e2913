package dev.vigil.activities.projection;

import dev.vigil.playbook.json.Json;
import dev.vigil.store.approval.ApprovalRecord;
import dev.vigil.store.approval.ApprovalRecord.VoteRecord;
import dev.vigil.store.approval.ApprovalRepository;
import dev.vigil.store.audit.AuditEntry;
import dev.vigil.store.audit.AuditLog;
import dev.vigil.store.run.RunRecord;
import dev.vigil.store.run.RunRepository;
import dev.vigil.store.run.StepRow;
import dev.vigil.store.system.PostgresText;
import dev.vigil.store.system.TenantJdbc;
import dev.vigil.workflows.playbook.ApprovalState;
import dev.vigil.workflows.playbook.RunStatus;
import dev.vigil.workflows.playbook.StepError;
import dev.vigil.workflows.projection.RunEvent;
import dev.vigil.workflows.projection.RunProjectionActivities;
import dev.vigil.workflows.system.FailureTypes;
import dev.vigil.workflows.system.VigilMeters;
import java.time.Instant;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Writes run transitions into PostgreSQL; every write is idempotent (see the repositories). What a
 * run carries that PostgreSQL cannot hold — a NUL character in an action's output, an error
 * message, a prompt — is replaced ({@link PostgresText}) so the write succeeds: a write that could
 * never succeed would be retried for ever and hold the run up.
 */
public class RunProjectionActivitiesImpl implements RunProjectionActivities {

  /** The actor of decisions the workflow makes itself (timeouts, automatic rollback). */
  public static final String SYSTEM_ACTOR = "vigil";

  private final RunRepository runs;
  private final ApprovalRepository approvals;
  private final AuditLog audit;
  private final TenantJdbc unit;
  private final VigilMeters meters;
  private final dev.vigil.activities.notify.Notifier notifier;

  /**
   * @param dataSource where runs, approvals and the audit log are; a transition and the audit
   *     record of a decision the workflow took are written in one transaction
   */
  public RunProjectionActivitiesImpl(DataSource dataSource) {
    this(dataSource, VigilMeters.discard(), dev.vigil.activities.notify.Notifier.NONE);
  }

  /**
   * @param notifier told when an approval opens or is decided (the tenant's routes then say who
   *     hears of it)
   */
  public RunProjectionActivitiesImpl(
      DataSource dataSource, VigilMeters meters, dev.vigil.activities.notify.Notifier notifier) {
    this.meters = meters;
    this.notifier = notifier;
    this.runs = new RunRepository(dataSource);
    this.approvals = new ApprovalRepository(dataSource);
    this.audit = new AuditLog(dataSource);
    this.unit = new TenantJdbc(dataSource);
  }

  @Override
  public void apply(RunEvent e) {
    Instant at = Instant.parse(e.at());
    switch (e.type()) {
      case RUN_STARTED -> {
        meters.runStarted(e.playbookKey());
        // The API inserts the row before starting the workflow; this covers other starters.
        runs.insert(
            new RunRecord(
                e.tenant(),
                e.runId(),
                e.workflowId(),
                e.playbookKey(),
                (int) e.playbookVersion(),
                e.status().key(),
                e.mode(),
                PostgresText.cleanMap(e.inputs()),
                null,
                null,
                PostgresText.clean(e.startedBy()),
                at,
                null));
      }
      case STEPS -> steps(e);
      case APPROVAL -> {
        approval(e);
        // after the commit; a retry sends again, and the notification's key makes it one
        notifier.send(ApprovalNotices.of(e));
      }
      case VOTE -> vote(e);
      case RUN_ENDED ->
          unit.runInTenant(
              e.tenant(),
              j -> {
                steps(e);
                boolean applied =
                    runs.applyStatus(
                        e.tenant(),
                        e.runId(),
                        e.seq(),
                        e.status().key(),
                        PostgresText.cleanMap(e.outputs()),
                        error(e.error()),
                        at);
                if (applied) {
                  meters.runEnded(e.playbookKey(), e.status().key());
                }
                String rollback = automaticRollback(e);
                if (applied && rollback != null) {
                  audit.append(
                      AuditEntry.of(
                          e.tenant(),
                          SYSTEM_ACTOR,
                          "run.rollback",
                          "run/" + e.runId(),
                          rollback,
                          Map.of(
                              "playbook",
                              e.playbookKey(),
                              "reason",
                              PostgresText.clean(e.error().message()))));
                }
              });
    }
  }

  /**
   * The outcome of a rollback the run did on its own ({@code rollbackOnFailure}), or null: a
   * rollback someone asked for with a cancel is audited where they asked.
   */
  private static String automaticRollback(RunEvent e) {
    if (e.error() == null || FailureTypes.CANCELLED.equals(e.error().type())) {
      return null;
    }
    if (e.status() == RunStatus.ROLLED_BACK) {
      return "success";
    }
    // a run's error has type PlaybookRunFailed only when its rollback did not complete
    if (e.status() == RunStatus.FAILED && FailureTypes.RUN_FAILED.equals(e.error().type())) {
      return "failed";
    }
    return null;
  }

  private void vote(RunEvent e) {
    approvals.addVote(
        e.tenant(),
        e.runId(),
        e.approval().stepId(),
        new VoteRecord(
            PostgresText.clean(e.vote().actor()),
            e.vote().decision(),
            PostgresText.clean(e.vote().comment()),
            Instant.parse(e.vote().at())));
  }

  private void steps(RunEvent e) {
    if (!e.steps().isEmpty()) {
      runs.upsertSteps(
          e.tenant(),
          e.runId(),
          e.seq(),
          e.steps().stream()
              .map(
                  p ->
                      new StepRow(
                          p.state().id(),
                          p.position(),
                          PostgresText.clean(Json.normalize(p.state()))))
              .toList());
    }
  }

  /** An approval's transition (and the deciding vote) in one transaction. */
  private void approval(RunEvent e) {
    unit.runInTenant(
        e.tenant(),
        j -> {
          steps(e);
          if (e.vote() != null) { // the deciding vote, written with the close
            vote(e);
          }
          boolean applied = approvals.upsert(approval(e, e.approval()), e.seq());
          runs.applyStatus(e.tenant(), e.runId(), e.seq(), e.status().key(), null, null, null);
          if (applied && e.approval().decidedAt() != null) {
            meters.approvalWait(
                e.approval().decidedBy(),
                java.time.Duration.between(
                    Instant.parse(e.approval().openedAt()),
                    Instant.parse(e.approval().decidedAt())));
          }
          if (applied && "timeout".equals(e.approval().decidedBy())) {
            // the workflow decided on its own: the audit trail says so, once
            audit.append(
                AuditEntry.of(
                    e.tenant(),
                    SYSTEM_ACTOR,
                    "approval.timeout",
                    "run/" + e.runId() + "/approvals/" + e.approval().stepId(),
                    e.approval().status(),
                    Map.of("playbook", e.playbookKey(), "dueAt", e.approval().dueAt())));
          }
        });
  }

  private static ApprovalRecord approval(RunEvent e, ApprovalState a) {
    return new ApprovalRecord(
        e.tenant(),
        e.runId(),
        a.stepId(),
        e.playbookKey(),
        PostgresText.clean(a.prompt()),
        PostgresText.cleanList(a.roles()),
        PostgresText.cleanList(a.users()),
        (int) a.quorum(),
        a.status(),
        Instant.parse(a.openedAt()),
        a.dueAt() == null ? null : Instant.parse(a.dueAt()),
        a.decidedAt() == null ? null : Instant.parse(a.decidedAt()),
        java.util.List.of());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> error(StepError error) {
    return error == null
        ? null
        : PostgresText.cleanMap((Map<String, Object>) Json.normalize(error));
  }
}
