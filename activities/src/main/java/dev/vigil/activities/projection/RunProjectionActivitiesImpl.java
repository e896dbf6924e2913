package dev.vigil.activities.projection;

import dev.vigil.playbook.json.Json;
import dev.vigil.store.approval.ApprovalRecord;
import dev.vigil.store.approval.ApprovalRecord.VoteRecord;
import dev.vigil.store.approval.ApprovalRepository;
import dev.vigil.store.run.RunRecord;
import dev.vigil.store.run.RunRepository;
import dev.vigil.store.run.StepRow;
import dev.vigil.store.system.PostgresText;
import dev.vigil.workflows.playbook.ApprovalState;
import dev.vigil.workflows.playbook.StepError;
import dev.vigil.workflows.projection.RunEvent;
import dev.vigil.workflows.projection.RunProjectionActivities;
import java.time.Instant;
import java.util.Map;

/**
 * Writes run transitions into PostgreSQL; every write is idempotent (see the repositories). What a
 * run carries that PostgreSQL cannot hold — a NUL character in an action's output, an error
 * message, a prompt — is replaced ({@link PostgresText}) so the write succeeds: a write that could
 * never succeed would be retried for ever and hold the run up.
 */
public class RunProjectionActivitiesImpl implements RunProjectionActivities {

  private final RunRepository runs;
  private final ApprovalRepository approvals;

  public RunProjectionActivitiesImpl(RunRepository runs, ApprovalRepository approvals) {
    this.runs = runs;
    this.approvals = approvals;
  }

  @Override
  public void apply(RunEvent e) {
    Instant at = Instant.parse(e.at());
    switch (e.type()) {
      case RUN_STARTED ->
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
      case STEPS -> steps(e);
      case APPROVAL -> {
        steps(e);
        approvals.upsert(approval(e, e.approval()), e.seq());
        runs.applyStatus(e.tenant(), e.runId(), e.seq(), e.status().key(), null, null, null);
      }
      case VOTE ->
          approvals.addVote(
              e.tenant(),
              e.runId(),
              e.approval().stepId(),
              new VoteRecord(
                  PostgresText.clean(e.vote().actor()),
                  e.vote().decision(),
                  PostgresText.clean(e.vote().comment()),
                  Instant.parse(e.vote().at())));
      case RUN_ENDED -> {
        steps(e);
        runs.applyStatus(
            e.tenant(),
            e.runId(),
            e.seq(),
            e.status().key(),
            PostgresText.cleanMap(e.outputs()),
            error(e.error()),
            at);
      }
    }
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
