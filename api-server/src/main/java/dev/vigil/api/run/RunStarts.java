package dev.vigil.api.run;

import dev.vigil.api.billing.Entitlements;
import dev.vigil.api.system.Actor;
import dev.vigil.api.system.ApiException;
import dev.vigil.api.system.Audit;
import dev.vigil.playbook.catalog.ActionCatalog;
import dev.vigil.playbook.json.Json;
import dev.vigil.store.billing.UsageCounters;
import dev.vigil.store.playbook.PlaybookRepository;
import dev.vigil.store.playbook.PlaybookVersion;
import dev.vigil.store.run.RunRecord;
import dev.vigil.store.run.RunRepository;
import dev.vigil.workflows.playbook.PinnedPlaybook;
import dev.vigil.workflows.playbook.RunMode;
import dev.vigil.workflows.playbook.RunPreparation;
import dev.vigil.workflows.playbook.StartRunInput;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** Starting runs: the request checked, its children and actions pinned, the workflow started. */
@Service
public class RunStarts {

  private static final Logger log = LoggerFactory.getLogger(RunStarts.class);

  private final PlaybookRepository playbooks;
  private final RunRepository runs;
  private final RunGateway temporal;
  private final Audit audit;

  private final Entitlements entitlements;

  RunStarts(
      PlaybookRepository playbooks,
      RunRepository runs,
      RunGateway temporal,
      Audit audit,
      Entitlements entitlements) {
    this.entitlements = entitlements;
    this.playbooks = playbooks;
    this.runs = runs;
    this.temporal = temporal;
    this.audit = audit;
  }

  /** {@code POST /api/v1/runs} body. */
  public record StartRunRequest(
      String playbook, Integer version, Map<String, Object> inputs, String mode) {}

  /** {@code POST /api/v1/runs} answer. */
  public record StartedRun(String runId, String status, RunViews.PlaybookRef playbook) {}

  public StartedRun start(Actor actor, StartRunRequest req) {
    return start(actor, req, null);
  }

  /**
   * Starts an ended run again: a new run of the same playbook version with the same inputs and
   * mode, linked to the old one ({@code restarts}). For runs that failed, were cancelled or that
   * Temporal forgot ({@code interrupted}); an open run is refused (409).
   */
  public StartedRun restart(Actor actor, String runId) {
    RunRecord old =
        runs.find(actor.tenant(), runId)
            .orElseThrow(() -> ApiException.notFound("no run " + runId));
    if (old.isOpen()) {
      throw ApiException.conflict(
              "still-running",
              "run " + runId + " is " + old.status() + "; only an ended run can be started again")
          .with("status", old.status());
    }
    StartedRun started =
        start(
            actor,
            new StartRunRequest(old.playbookKey(), old.playbookVersion(), old.inputs(), old.mode()),
            runId);
    audit.record(
        actor,
        "run.restart",
        "run/" + runId,
        Audit.SUCCESS,
        Map.of("restartedAs", started.runId(), "playbook", old.playbookKey()));
    return started;
  }

  private StartedRun start(Actor actor, StartRunRequest req, String restartOf) {
    if (req == null || req.playbook() == null || req.playbook().isBlank()) {
      throw ApiException.invalid("/playbook", "playbook is required");
    }
    RunMode mode =
        switch (req.mode() == null ? "live" : req.mode()) {
          case "live" -> RunMode.LIVE;
          case "dry_run" -> RunMode.DRY_RUN;
          default ->
              throw ApiException.invalid(
                  "/mode", "mode must be 'live' or 'dry_run', not '" + req.mode() + "'");
        };
    PlaybookVersion v =
        playbooks
            .find(actor.tenant(), req.playbook(), req.version())
            .orElseThrow(
                () ->
                    req.version() == null
                        ? ApiException.invalid(
                            "/playbook", "no playbook '" + req.playbook() + "'; publish it first")
                        : ApiException.invalid(
                            "/version",
                            "playbook '" + req.playbook() + "' has no version " + req.version()));
    entitlements.require(actor.tenant(), "runsPerMonth", 1); // before the work of preparing
    PinnedPlaybook playbook = new PinnedPlaybook(v.key(), v.version(), v.definition());
    Map<String, Object> inputs = req.inputs() == null ? Map.of() : Json.normalizeMap(req.inputs());
    String runId = UUID.randomUUID().toString();
    StartRunInput input;
    try {
      input =
          RunPreparation.prepare(
              ActionCatalog.bundled(),
              (key, version) ->
                  playbooks
                      .find(actor.tenant(), key, version)
                      .map(c -> new PinnedPlaybook(c.key(), c.version(), c.definition())),
              runId,
              actor.tenant(),
              playbook,
              inputs,
              mode,
              actor.user(),
              restartOf == null
                  ? Map.of("type", "api")
                  : Map.of("type", "restart", "restartedFrom", restartOf));
    } catch (RunPreparation.InvalidInputs e) {
      if (e.tooLarge()) {
        throw ApiException.invalid("/inputs", e.findings().get(0).message());
      }
      throw ApiException.invalid(
          "inputs do not match the input schema of " + v.key() + " v" + v.version(),
          e.findings().stream()
              .map(f -> new ApiException.FieldError(f.pointer(), f.message(), null))
              .toList());
    } catch (RunPreparation.UnpublishedChild e) {
      throw ApiException.invalid("/playbook", e.getMessage());
    }
    String workflowId = StartRunInput.workflowId(actor.tenant(), runId);
    // checked again under the counter's lock: two starts at once cannot both pass the limit
    Long perMonth = entitlements.max(actor.tenant(), "runsPerMonth");
    try {
      runs.insert(
          new RunRecord(
              actor.tenant(),
              runId,
              workflowId,
              v.key(),
              v.version(),
              RunRecord.RUNNING,
              mode.key(),
              inputs,
              null,
              null,
              actor.user(),
              Instant.now(),
              null),
          perMonth);
    } catch (UsageCounters.LimitReached e) {
      throw entitlements.reached(actor.tenant(), "runsPerMonth", e);
    }
    if (restartOf != null) {
      runs.markRestartOf(actor.tenant(), runId, restartOf);
    }
    RunGateway.Outcome outcome = temporal.start(workflowId, input);
    if (outcome == RunGateway.Outcome.UNKNOWN) {
      // Not fenced: if Temporal did accept the start, the run goes on and records itself; if not,
      // start-up reconciliation (or a cancel) marks it interrupted.
      log.error("run {}: Temporal did not confirm the start and could not be asked", runId);
      audit.record(
          actor,
          "run.start",
          "run/" + runId,
          Audit.FAILED,
          Map.of("playbook", v.key(), "reason", "start not confirmed"));
      throw ApiException.unavailable(
          "Temporal did not confirm the start of run "
              + runId
              + "; it may still start — see GET /api/v1/runs/"
              + runId,
          dev.vigil.api.system.Outages.RETRY_AFTER_SECONDS);
    }
    if (outcome == RunGateway.Outcome.NOT_STARTED) {
      log.error("could not start run {}: Temporal does not have it", runId);
      runs.applyStatus(
          actor.tenant(),
          runId,
          RunRecord.FENCE,
          RunRecord.FAILED,
          null,
          Map.of("type", "StartFailed", "message", "Temporal refused the run"),
          Instant.now());
      audit.record(actor, "run.start", "run/" + runId, Audit.FAILED, Map.of("playbook", v.key()));
      throw ApiException.unavailable(
          "Temporal is not reachable; the run was not started",
          dev.vigil.api.system.Outages.RETRY_AFTER_SECONDS);
    }
    audit.record(
        actor,
        "run.start",
        "run/" + runId,
        Audit.SUCCESS,
        Map.of("playbook", v.key(), "version", v.version(), "mode", mode.key()));
    return new StartedRun(runId, RunRecord.RUNNING, new RunViews.PlaybookRef(v.key(), v.version()));
  }
}
