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

  private final RunStarts starts;
  private final RunReads reads;
  private final RunCommands commands;
  private final RunHistory history;

  public RunController(RunStarts starts, RunReads reads, RunCommands commands, RunHistory history) {
    this.starts = starts;
    this.reads = reads;
    this.commands = commands;
    this.history = history;
  }

  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  @Requires(Permission.RUN_START)
  public ResponseEntity<RunStarts.StartedRun> start(
      Actor actor, @RequestBody RunStarts.StartRunRequest request) {
    return ResponseEntity.status(HttpStatus.CREATED).body(starts.start(actor, request));
  }

  /** Starts an ended run again from its inputs (same playbook version, same mode). */
  @PostMapping(path = "/{runId}/restart", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Requires(Permission.RUN_START)
  public ResponseEntity<RunStarts.StartedRun> restart(Actor actor, @PathVariable String runId) {
    return ResponseEntity.status(HttpStatus.CREATED).body(starts.restart(actor, runId));
  }

  @GetMapping("/{runId}")
  @Requires(Permission.RUN_READ)
  public RunViews.RunView get(
      Actor actor,
      @PathVariable String runId,
      @RequestParam(required = false, defaultValue = "false") boolean live) {
    return reads.get(actor, runId, live);
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
    return reads.list(
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
      @RequestBody RunCommands.DecisionRequest request) {
    return commands.decide(actor, runId, stepId, request);
  }

  @PostMapping(path = "/{runId}/cancel", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Requires(Permission.RUN_CANCEL)
  public ResponseEntity<Map<String, Object>> cancel(
      Actor actor,
      @PathVariable String runId,
      @RequestBody(required = false) RunCommands.CancelRunRequest request) {
    return ResponseEntity.accepted().body(commands.cancel(actor, runId, request));
  }

  @GetMapping("/{runId}/history")
  @Requires(Permission.RUN_READ)
  public PageView<RunHistory.HistoryEventView> history(
      Actor actor,
      @PathVariable String runId,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    return history.history(actor, runId, PageLimits.of(limit), cursor);
  }
}
