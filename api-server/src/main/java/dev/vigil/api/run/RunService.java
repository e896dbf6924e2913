package dev.vigil.api.run;

import com.google.protobuf.ByteString;
import com.google.protobuf.util.JsonFormat;
import dev.vigil.api.system.Actor;
import dev.vigil.api.system.ApiException;
import dev.vigil.api.system.ApiProperties;
import dev.vigil.api.system.Audit;
import dev.vigil.api.system.PageView;
import dev.vigil.playbook.catalog.ActionCatalog;
import dev.vigil.playbook.json.Json;
import dev.vigil.playbook.limits.LimitExceededException;
import dev.vigil.playbook.limits.Limits;
import dev.vigil.playbook.model.Playbook;
import dev.vigil.playbook.model.PlaybookParser;
import dev.vigil.playbook.model.Step;
import dev.vigil.playbook.model.StepBody;
import dev.vigil.playbook.schema.JsonSchemas;
import dev.vigil.playbook.validation.Finding;
import dev.vigil.store.approval.ApprovalRepository;
import dev.vigil.store.playbook.PlaybookRepository;
import dev.vigil.store.playbook.PlaybookVersion;
import dev.vigil.store.run.RunFilter;
import dev.vigil.store.run.RunRecord;
import dev.vigil.store.run.RunRepository;
import dev.vigil.store.system.Page;
import dev.vigil.workflows.playbook.ApprovalDecision;
import dev.vigil.workflows.playbook.CancelRequest;
import dev.vigil.workflows.playbook.PinnedPlaybook;
import dev.vigil.workflows.playbook.PlaybookRunWorkflow;
import dev.vigil.workflows.playbook.RunMode;
import dev.vigil.workflows.playbook.RunPreparation;
import dev.vigil.workflows.playbook.RunState;
import dev.vigil.workflows.playbook.StartRunInput;
import dev.vigil.workflows.playbook.StepState;
import dev.vigil.workflows.system.FailureTypes;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/** Starting, reading, deciding and cancelling runs. */
@Service
public class RunService {

  private static final Logger log = LoggerFactory.getLogger(RunService.class);

  private final PlaybookRepository playbooks;
  private final RunRepository runs;
  private final ApprovalRepository approvals;
  private final WorkflowClient temporal;
  private final Audit audit;
  private final ApiProperties props;
  private final RunStarter starter;
  private final Interruptions interruptions;

  /**
   * Threads for live state queries, which block until the run's worker answers: bounded by {@code
   * vigil.api.query-timeout-ms} per request, and kept off the shared common pool (one thread on a
   * two-core machine) so slow runs cannot hold up reads of other runs.
   */
  private final java.util.concurrent.ExecutorService liveQueries =
      java.util.concurrent.Executors.newFixedThreadPool(
          16,
          r -> {
            Thread t = new Thread(r, "vigil-live-query");
            t.setDaemon(true);
            return t;
          });

  public RunService(
      PlaybookRepository playbooks,
      RunRepository runs,
      ApprovalRepository approvals,
      WorkflowClient temporal,
      Audit audit,
      ApiProperties props,
      Interruptions interruptions) {
    this.playbooks = playbooks;
    this.runs = runs;
    this.approvals = approvals;
    this.temporal = temporal;
    this.audit = audit;
    this.props = props;
    this.starter = new RunStarter(temporal);
    this.interruptions = interruptions;
  }

  /** {@code POST /api/v1/runs} body. */
  public record StartRunRequest(
      String playbook, Integer version, Map<String, Object> inputs, String mode) {}

  /** {@code POST /api/v1/runs} answer. */
  public record StartedRun(String runId, String status, RunViews.PlaybookRef playbook) {}

  public StartedRun start(Actor actor, StartRunRequest req) {
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
    Playbook pb = parse(v);
    Map<String, Object> inputs = req.inputs() == null ? Map.of() : Json.normalizeMap(req.inputs());
    try {
      Limits.checkRunInputs(inputs);
    } catch (LimitExceededException e) {
      throw ApiException.invalid("/inputs", e.getMessage());
    }
    List<Finding> bad = JsonSchemas.checkInputs(pb.inputs(), inputs);
    if (!bad.isEmpty()) {
      throw ApiException.invalid(
          "inputs do not match the input schema of " + v.key() + " v" + v.version(),
          bad.stream()
              .map(f -> new ApiException.FieldError("/inputs" + f.pointer(), f.message(), null))
              .toList());
    }
    List<PinnedPlaybook> children = pinChildren(actor.tenant(), pb, new LinkedHashMap<>());
    String runId = UUID.randomUUID().toString();
    String workflowId = StartRunInput.workflowId(actor.tenant(), runId);
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
            null));
    StartRunInput input =
        RunPreparation.input(
            ActionCatalog.bundled(),
            runId,
            actor.tenant(),
            new PinnedPlaybook(v.key(), v.version(), v.definition()),
            children,
            inputs,
            mode,
            actor.user(),
            Map.of("type", "api"));
    RunStarter.Outcome outcome = starter.start(workflowId, input);
    if (outcome == RunStarter.Outcome.UNKNOWN) {
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
              + runId);
    }
    if (outcome == RunStarter.Outcome.NOT_STARTED) {
      log.error("could not start run {}: Temporal does not have it", runId);
      runs.applyStatus(
          actor.tenant(),
          runId,
          Long.MAX_VALUE,
          RunRecord.FAILED,
          null,
          Map.of("type", "StartFailed", "message", "Temporal refused the run"),
          Instant.now());
      audit.record(actor, "run.start", "run/" + runId, Audit.FAILED, Map.of("playbook", v.key()));
      throw ApiException.unavailable("Temporal is not reachable; the run was not started");
    }
    audit.record(
        actor,
        "run.start",
        "run/" + runId,
        Audit.SUCCESS,
        Map.of("playbook", v.key(), "version", v.version(), "mode", mode.key()));
    return new StartedRun(runId, RunRecord.RUNNING, new RunViews.PlaybookRef(v.key(), v.version()));
  }

  /** Pins every child playbook (transitively) at its requested or latest version. */
  private List<PinnedPlaybook> pinChildren(
      String tenant, Playbook pb, Map<String, PinnedPlaybook> pinned) {
    for (Step s : Step.flatten(pb.steps())) {
      if (s.body() instanceof StepBody.ChildPlaybook c && !pinned.containsKey(c.playbook())) {
        Integer version = c.version() == null ? null : c.version().intValue();
        PlaybookVersion v =
            playbooks
                .find(tenant, c.playbook(), version)
                .orElseThrow(
                    () ->
                        ApiException.invalid(
                            "/playbook",
                            "child playbook '"
                                + c.playbook()
                                + "'"
                                + (version == null ? "" : " v" + version)
                                + " (at "
                                + s.pointer()
                                + ") is not published"));
        pinned.put(c.playbook(), new PinnedPlaybook(v.key(), v.version(), v.definition()));
        pinChildren(tenant, parse(v), pinned);
      }
    }
    return new ArrayList<>(pinned.values());
  }

  private static Playbook parse(PlaybookVersion v) {
    try {
      return PlaybookParser.parseValid(Json.parse(v.definition()));
    } catch (IOException e) {
      throw new IllegalStateException(
          "stored playbook " + v.key() + " v" + v.version() + " is not JSON", e);
    }
  }

  public RunViews.RunView get(Actor actor, String runId) {
    RunRecord r = find(actor, runId);
    RunViews.RunView view = view(actor, r);
    if (props.temporalUiUrl() == null) {
      return view;
    }
    return view.withTemporalUiUrl(
        props.temporalUiUrl()
            + "/namespaces/"
            + temporal.getOptions().getNamespace()
            + "/workflows/"
            + java.net.URLEncoder.encode(r.workflowId(), java.nio.charset.StandardCharsets.UTF_8));
  }

  private RunViews.RunView view(Actor actor, RunRecord r) {
    String runId = r.runId();
    if (r.isOpen()) {
      try {
        RunState s =
            CompletableFuture.supplyAsync(() -> stub(r).state(), liveQueries)
                .get(props.queryTimeoutMs(), TimeUnit.MILLISECONDS);
        return RunViews.live(r, s);
      } catch (Exception e) {
        log.warn(
            "live state of run {} unavailable ({}); answering from the store", runId, e.toString());
      }
    }
    return RunViews.stored(
        r, runs.steps(actor.tenant(), runId), approvals.forRun(actor.tenant(), runId));
  }

  public PageView<RunViews.RunSummary> list(
      Actor actor, RunFilter filter, int limit, String cursor) {
    Page<RunRecord> page = runs.list(actor.tenant(), filter, limit, cursor);
    return PageView.of(page, RunViews.RunSummary::of);
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
    RunRecord r = find(actor, runId);
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
          stub(r)
              .decide(
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
    RunRecord r = find(actor, runId);
    if (!r.isOpen()) {
      audit.record(
          actor, "run.cancel", "run/" + runId, Audit.REJECTED, Map.of("status", r.status()));
      throw ApiException.conflict(
          "not-running", "run " + runId + " is " + r.status() + " and cannot be cancelled");
    }
    try {
      stub(r).cancel(new CancelRequest(rollback, actor.user(), req == null ? null : req.reason()));
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

  /** One event of the Temporal history. */
  public record HistoryEventView(long id, Instant time, String type, Object details) {}

  /**
   * One page of the run's Temporal history. The cursor is the id of the last event returned, so
   * paging works whatever page size the Temporal server honours.
   */
  public PageView<HistoryEventView> history(Actor actor, String runId, int limit, String cursor) {
    RunRecord r = find(actor, runId);
    long after = cursor == null ? 0 : dev.vigil.store.system.Cursors.decode(cursor, 1).number(0);
    List<HistoryEvent> events = new ArrayList<>();
    ByteString token = ByteString.EMPTY;
    do {
      GetWorkflowExecutionHistoryRequest req =
          GetWorkflowExecutionHistoryRequest.newBuilder()
              .setNamespace(temporal.getOptions().getNamespace())
              .setExecution(WorkflowExecution.newBuilder().setWorkflowId(r.workflowId()))
              .setMaximumPageSize(Math.max(limit + 1, 100))
              .setNextPageToken(token)
              .build();
      GetWorkflowExecutionHistoryResponse res;
      try {
        res = temporal.getWorkflowServiceStubs().blockingStub().getWorkflowExecutionHistory(req);
      } catch (io.grpc.StatusRuntimeException e) {
        if (e.getStatus().getCode() == io.grpc.Status.Code.NOT_FOUND) {
          throw new ApiException(
              HttpStatus.GONE,
              "history-gone",
              "Temporal no longer has the history of run " + runId + " (" + r.status() + ")",
              null);
        }
        throw ApiException.unavailable("Temporal is not reachable: " + e.getStatus().getCode());
      }
      res.getHistory().getEventsList().stream()
          .filter(e -> e.getEventId() > after)
          .forEach(events::add);
      token = res.getNextPageToken();
    } while (events.size() <= limit && !token.isEmpty());
    List<HistoryEventView> items = events.stream().limit(limit).map(RunService::event).toList();
    String next =
        events.size() > limit
            ? dev.vigil.store.system.Cursors.encode(Long.toString(items.get(items.size() - 1).id()))
            : null;
    return new PageView<>(items, next);
  }

  private static HistoryEventView event(HistoryEvent e) {
    Object details;
    try {
      Map<String, Object> all =
          Json.normalizeMap(
              dev.vigil.store.system.JsonColumns.readMap(JsonFormat.printer().print(e)));
      all.remove("eventId");
      all.remove("eventTime");
      all.remove("eventType");
      details = decodePayloads(all.size() == 1 ? all.values().iterator().next() : all);
    } catch (com.google.protobuf.InvalidProtocolBufferException ex) {
      details = null;
    }
    String type = e.getEventType().name().replaceFirst("^EVENT_TYPE_", "");
    Instant time =
        Instant.ofEpochSecond(e.getEventTime().getSeconds(), e.getEventTime().getNanos());
    return new HistoryEventView(e.getEventId(), time, type, details);
  }

  /** Replaces base64 JSON payloads ({metadata, data}) with the JSON they hold, for people. */
  @SuppressWarnings("unchecked")
  static Object decodePayloads(Object node) {
    if (node instanceof Map<?, ?> m) {
      Map<String, Object> map = (Map<String, Object>) m;
      if (map.get("data") instanceof String data
          && map.get("metadata") instanceof Map<?, ?> meta
          && meta.get("encoding") instanceof String enc
          && "json/plain"
              .equals(
                  new String(
                      Base64.getDecoder().decode(enc), java.nio.charset.StandardCharsets.UTF_8))) {
        try {
          return Json.toJava(
              Json.parse(
                  new String(
                      Base64.getDecoder().decode(data), java.nio.charset.StandardCharsets.UTF_8)));
        } catch (IOException | IllegalArgumentException e) {
          return map;
        }
      }
      if (map.size() == 1 && map.get("payloads") instanceof List<?> payloads) {
        return decodePayloads(payloads); // {payloads: [...]} reads better as the list itself
      }
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(k, decodePayloads(v)));
      return out;
    }
    if (node instanceof List<?> l) {
      return l.stream().map(RunService::decodePayloads).toList();
    }
    return node;
  }

  private RunRecord find(Actor actor, String runId) {
    return runs.find(actor.tenant(), runId)
        .orElseThrow(() -> ApiException.notFound("no run '" + runId + "'"));
  }

  private PlaybookRunWorkflow stub(RunRecord r) {
    return temporal.newWorkflowStub(PlaybookRunWorkflow.class, r.workflowId());
  }
}
