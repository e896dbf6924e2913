package dev.vigil.api.run;

import dev.vigil.playbook.json.Json;
import dev.vigil.store.approval.ApprovalRecord;
import dev.vigil.store.run.RunRecord;
import dev.vigil.workflows.playbook.ApprovalState;
import dev.vigil.workflows.playbook.RunState;
import dev.vigil.workflows.playbook.StepState;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The JSON shapes of runs and approvals, built from a live workflow or from the store. */
public final class RunViews {

  private RunViews() {}

  /** The playbook a run pinned. */
  public record PlaybookRef(String key, long version) {}

  /** A run with every step and approval. */
  public record RunView(
      String runId,
      String status,
      String mode,
      PlaybookRef playbook,
      Map<String, Object> inputs,
      Map<String, Object> outputs,
      Object error,
      String startedBy,
      Instant startedAt,
      Instant endedAt,
      List<Object> steps,
      List<ApprovalView> approvals,
      String source,
      String temporalUiUrl,
      dev.vigil.store.run.RunRepository.Restarts restarts) {

    /** The same view with a link to the run's workflow in the Temporal UI. */
    public RunView withTemporalUiUrl(String url) {
      return new RunView(
          runId, status, mode, playbook, inputs, outputs, error, startedBy, startedAt, endedAt,
          steps, approvals, source, url, restarts);
    }

    /** The same view with the run it restarted and the runs that restarted it. */
    public RunView withRestarts(dev.vigil.store.run.RunRepository.Restarts r) {
      return new RunView(
          runId,
          status,
          mode,
          playbook,
          inputs,
          outputs,
          error,
          startedBy,
          startedAt,
          endedAt,
          steps,
          approvals,
          source,
          temporalUiUrl,
          r);
    }
  }

  /** A run in a list. */
  public record RunSummary(
      String runId,
      String status,
      String mode,
      PlaybookRef playbook,
      String startedBy,
      Instant startedAt,
      Instant endedAt) {
    static RunSummary of(RunRecord r) {
      return new RunSummary(
          r.runId(),
          r.status(),
          r.mode(),
          new PlaybookRef(r.playbookKey(), r.playbookVersion()),
          r.startedBy(),
          r.startedAt(),
          r.endedAt());
    }
  }

  /** An approval with its votes. */
  public record ApprovalView(
      String runId,
      String stepId,
      String playbook,
      String prompt,
      Map<String, List<String>> approvers,
      long quorum,
      String status,
      List<Map<String, Object>> votes,
      String openedAt,
      String dueAt,
      String decidedAt) {}

  static RunView live(RunRecord r, RunState s) {
    List<Object> steps = s.steps().stream().map(st -> Json.normalize(withoutApproval(st))).toList();
    List<ApprovalView> approvals =
        s.steps().stream()
            .map(StepState::approval)
            .filter(Objects::nonNull)
            .map(a -> approval(r.runId(), r.playbookKey(), a))
            .toList();
    return new RunView(
        r.runId(),
        s.status().key(),
        r.mode(),
        new PlaybookRef(r.playbookKey(), r.playbookVersion()),
        r.inputs(),
        s.outputs(),
        Json.normalize(s.error()),
        r.startedBy(),
        r.startedAt(),
        s.endedAt() == null ? null : Instant.parse(s.endedAt()),
        steps,
        approvals,
        "workflow",
        null,
        null);
  }

  static RunView stored(RunRecord r, List<Object> steps, List<ApprovalRecord> approvals) {
    return new RunView(
        r.runId(),
        r.status(),
        r.mode(),
        new PlaybookRef(r.playbookKey(), r.playbookVersion()),
        r.inputs(),
        r.outputs(),
        r.error(),
        r.startedBy(),
        r.startedAt(),
        r.endedAt(),
        steps.stream().map(RunViews::dropApproval).toList(),
        approvals.stream().map(RunViews::approval).toList(),
        "store",
        null,
        null);
  }

  public static ApprovalView approval(ApprovalRecord a) {
    return new ApprovalView(
        a.runId(),
        a.stepId(),
        a.playbookKey(),
        a.prompt(),
        Map.of("roles", a.roles(), "users", a.users()),
        a.quorum(),
        a.status(),
        a.votes().stream()
            .map(v -> vote(v.actor(), v.decision(), v.comment(), v.at().toString()))
            .toList(),
        a.openedAt().toString(),
        a.dueAt() == null ? null : a.dueAt().toString(),
        a.decidedAt() == null ? null : a.decidedAt().toString());
  }

  static ApprovalView approval(String runId, String playbook, ApprovalState a) {
    return new ApprovalView(
        runId,
        a.stepId(),
        playbook,
        a.prompt(),
        Map.of("roles", a.roles(), "users", a.users()),
        a.quorum(),
        a.status(),
        a.votes().stream().map(v -> vote(v.actor(), v.decision(), v.comment(), v.at())).toList(),
        a.openedAt(),
        a.dueAt(),
        a.decidedAt());
  }

  private static Map<String, Object> vote(
      String actor, String decision, String comment, String at) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("actor", actor);
    m.put("decision", decision);
    m.put("comment", comment);
    m.put("at", at);
    return m;
  }

  private static StepState withoutApproval(StepState s) {
    return new StepState(
        s.id(),
        s.kind(),
        s.status(),
        s.outcome(),
        s.attempts(),
        s.output(),
        s.error(),
        s.startedAt(),
        s.endedAt(),
        s.simulated(),
        null,
        s.input());
  }

  private static final List<String> STEP_FIELDS =
      List.of(
          "id",
          "kind",
          "status",
          "outcome",
          "attempts",
          "output",
          "error",
          "startedAt",
          "endedAt",
          "simulated",
          "input");

  /** A stored step in the same field order as a live one (jsonb does not keep key order). */
  private static Object dropApproval(Object step) {
    if (step instanceof Map<?, ?> m) {
      Map<String, Object> ordered = new LinkedHashMap<>();
      STEP_FIELDS.forEach(f -> ordered.put(f, m.get(f)));
      return ordered;
    }
    return step;
  }
}
