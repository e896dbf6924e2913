package dev.vigil.activities.projection;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.vigil.store.approval.ApprovalRecord;
import dev.vigil.store.approval.ApprovalRepository;
import dev.vigil.store.run.RunRecord;
import dev.vigil.store.run.RunRepository;
import dev.vigil.store.system.TestDatabase;
import dev.vigil.workflows.playbook.ApprovalState;
import dev.vigil.workflows.playbook.RunStatus;
import dev.vigil.workflows.playbook.StepError;
import dev.vigil.workflows.playbook.StepState;
import dev.vigil.workflows.playbook.StepStatus;
import dev.vigil.workflows.playbook.Vote;
import dev.vigil.workflows.projection.RunEvent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The projection writes what PostgreSQL cannot hold (NUL characters, which an action's output may
 * carry) with the character replaced, so the run's record keeps up instead of failing on every
 * retry.
 */
class RunProjectionIT {

  static final HikariDataSource db = TestDatabase.fresh();
  final RunRepository runs = new RunRepository(db);
  final ApprovalRepository approvals = new ApprovalRepository(db);
  final RunProjectionActivitiesImpl projection = new RunProjectionActivitiesImpl(db);

  @AfterAll
  static void close() {
    db.close();
  }

  private static RunEvent event(
      RunEvent.Type type,
      long seq,
      RunStatus status,
      Map<String, Object> outputs,
      StepError error,
      List<RunEvent.PositionedStep> steps,
      ApprovalState approval,
      Vote vote) {
    return new RunEvent(
        type,
        "default",
        "nul-run",
        "run/default/nul-run",
        seq,
        "2026-01-01T00:00:0" + seq + "Z",
        status,
        "pb",
        1,
        "live",
        "ana\u0000",
        Map.of("note\u0000", "in\u0000put"),
        outputs,
        error,
        steps,
        approval,
        vote);
  }

  @Test
  void nulCharactersFromARunAreReplacedSoEveryWriteSucceeds() {
    String nul = "a\u0000b";
    String clean = "a\ufffdb";
    projection.apply(
        event(RunEvent.Type.RUN_STARTED, 1, RunStatus.RUNNING, null, null, null, null, null));
    StepState step =
        new StepState(
            "fetch",
            "action",
            StepStatus.SUCCEEDED,
            null,
            1,
            Map.of("body", nul, nul, List.of(nul)),
            null,
            "2026-01-01T00:00:00Z",
            "2026-01-01T00:00:01Z",
            false,
            null,
            Map.of("url", nul));
    projection.apply(
        event(
            RunEvent.Type.STEPS,
            2,
            RunStatus.RUNNING,
            null,
            null,
            List.of(new RunEvent.PositionedStep(0, step)),
            null,
            null));
    ApprovalState ask =
        new ApprovalState(
            "ask",
            "go " + nul + "?",
            List.of(nul),
            List.of("ben"),
            1,
            false,
            "pending",
            List.of(),
            "2026-01-01T00:00:02Z",
            null,
            null,
            List.of(),
            List.of(),
            null);
    projection.apply(
        event(
            RunEvent.Type.APPROVAL,
            3,
            RunStatus.WAITING_APPROVAL,
            null,
            null,
            List.of(),
            ask,
            null));
    projection.apply(
        event(
            RunEvent.Type.VOTE,
            4,
            RunStatus.WAITING_APPROVAL,
            null,
            null,
            List.of(),
            ask,
            new Vote("ben", "approve", "ok " + nul, "2026-01-01T00:00:03Z")));
    projection.apply(
        event(
            RunEvent.Type.RUN_ENDED,
            5,
            RunStatus.FAILED,
            Map.of("result", nul),
            new StepError("ActionFailed", "boom " + nul, "/steps/0", null),
            List.of(),
            null,
            null));

    RunRecord run = runs.find("default", "nul-run").orElseThrow();
    assertThat(run.status()).isEqualTo("failed");
    assertThat(run.startedBy()).isEqualTo("ana\ufffd");
    assertThat(run.inputs()).isEqualTo(Map.of("note\ufffd", "in\ufffdput"));
    assertThat(run.outputs()).isEqualTo(Map.of("result", clean));
    assertThat(run.error().get("message")).isEqualTo("boom " + clean);
    Map<?, ?> stored = (Map<?, ?>) runs.steps("default", "nul-run").get(0);
    assertThat(stored.get("output")).isEqualTo(Map.of("body", clean, clean, List.of(clean)));
    assertThat(stored.get("input")).isEqualTo(Map.of("url", clean));
    ApprovalRecord a = approvals.forRun("default", "nul-run").get(0);
    assertThat(a.prompt()).isEqualTo("go " + clean + "?");
    assertThat(a.roles()).containsExactly(clean);
    assertThat(a.votes())
        .extracting(ApprovalRecord.VoteRecord::comment)
        .containsExactly("ok " + clean);
  }

  static RunEvent oneWrite(
      RunEvent.Type type,
      long seq,
      RunStatus status,
      List<RunEvent.PositionedStep> steps,
      ApprovalState approval,
      Vote vote) {
    return new RunEvent(
        type,
        "default",
        "one-write",
        "run/default/one-write",
        seq,
        "2026-01-01T00:00:0" + seq + "Z",
        status,
        "pb",
        1,
        "live",
        "ana",
        type == RunEvent.Type.RUN_STARTED ? Map.of() : null,
        null,
        null,
        steps,
        approval,
        vote);
  }

  static ApprovalState ok(String status, List<Vote> votes, String decidedBy) {
    return new ApprovalState(
        "ok",
        "go?",
        List.of("analyst"),
        List.of(),
        1,
        false,
        status,
        votes,
        "2026-01-01T00:00:02Z",
        null,
        decidedBy == null ? null : "2026-01-01T00:00:03Z",
        List.of(),
        List.of(),
        decidedBy);
  }

  @Test
  void aDecidedApprovalIsWrittenWithItsDecidingVoteAndItsStepsEndInOneEventOnce() {
    String run = "one-write";
    projection.apply(
        oneWrite(RunEvent.Type.RUN_STARTED, 1, RunStatus.RUNNING, List.of(), null, null));
    projection.apply(
        oneWrite(
            RunEvent.Type.APPROVAL,
            2,
            RunStatus.WAITING_APPROVAL,
            List.of(),
            ok("pending", List.of(), null),
            null));
    Vote ben = new Vote("ben", "approve", "go", "2026-01-01T00:00:03Z");
    StepState ended =
        new StepState(
            "ok",
            "approval",
            StepStatus.SUCCEEDED,
            "approved",
            1,
            Map.of("decision", "approved"),
            null,
            "2026-01-01T00:00:02Z",
            "2026-01-01T00:00:03Z",
            false,
            null,
            null);
    RunEvent close =
        oneWrite(
            RunEvent.Type.APPROVAL,
            3,
            RunStatus.RUNNING,
            List.of(new RunEvent.PositionedStep(0, ended)),
            ok("approved", List.of(ben), "ben"),
            ben);
    projection.apply(close);
    projection.apply(close); // the local activity retried after a lost answer

    ApprovalRecord a = approvals.forRun("default", run).get(0);
    assertThat(a.status()).isEqualTo("approved");
    assertThat(a.votes()).singleElement().satisfies(v -> assertThat(v.actor()).isEqualTo("ben"));
    assertThat(((Map<?, ?>) runs.steps("default", run).get(0)).get("status"))
        .isEqualTo("succeeded");
    assertThat(runs.find("default", run).orElseThrow().status()).isEqualTo("running");
  }
}
