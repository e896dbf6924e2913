package dev.vigil.api.run;

import dev.vigil.api.system.Actor;
import dev.vigil.api.system.ApiException;
import dev.vigil.api.system.PageLimits;
import dev.vigil.api.system.PageView;
import dev.vigil.api.system.Permission;
import dev.vigil.api.system.QueryParams;
import dev.vigil.api.system.Requires;
import dev.vigil.store.run.RunFilter;
import dev.vigil.workflows.playbook.RunStatus;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Runs: start, read, list, decide, cancel, history. */
@RestController
@RequestMapping("/api/v1/runs")
public class RunController {

  private static final Set<String> STATUSES =
      java.util.Arrays.stream(RunStatus.values())
          .map(RunStatus::key)
          .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));

  private final RunService runs;

  public RunController(RunService runs) {
    this.runs = runs;
  }

  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  @Requires(Permission.RUN_START)
  public ResponseEntity<RunService.StartedRun> start(
      Actor actor, @RequestBody RunService.StartRunRequest request) {
    return ResponseEntity.status(HttpStatus.CREATED).body(runs.start(actor, request));
  }

  @GetMapping("/{runId}")
  @Requires(Permission.RUN_READ)
  public RunViews.RunView get(Actor actor, @PathVariable String runId) {
    return runs.get(actor, runId);
  }

  @GetMapping
  @Requires(Permission.RUN_READ)
  public PageView<RunViews.RunSummary> list(
      Actor actor,
      @RequestParam(required = false) String status,
      @RequestParam(required = false) String playbook,
      @RequestParam(required = false) String startedBy,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    if (status != null && !STATUSES.contains(status)) {
      throw ApiException.invalid("/status", "status must be one of " + STATUSES);
    }
    return runs.list(
        actor,
        new RunFilter(
            status,
            playbook,
            startedBy,
            QueryParams.instant("from", from),
            QueryParams.instant("to", to)),
        PageLimits.of(limit),
        cursor);
  }

  @PostMapping(path = "/{runId}/approvals/{stepId}", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Requires(Permission.APPROVAL_DECIDE)
  public Object decide(
      Actor actor,
      @PathVariable String runId,
      @PathVariable String stepId,
      @RequestBody RunService.DecisionRequest request) {
    return runs.decide(actor, runId, stepId, request);
  }

  @PostMapping(path = "/{runId}/cancel", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Requires(Permission.RUN_CANCEL)
  public ResponseEntity<Map<String, Object>> cancel(
      Actor actor,
      @PathVariable String runId,
      @RequestBody(required = false) RunService.CancelRunRequest request) {
    return ResponseEntity.accepted().body(runs.cancel(actor, runId, request));
  }

  @GetMapping("/{runId}/history")
  @Requires(Permission.RUN_READ)
  public PageView<RunService.HistoryEventView> history(
      Actor actor,
      @PathVariable String runId,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    return runs.history(actor, runId, PageLimits.of(limit), cursor);
  }
}
