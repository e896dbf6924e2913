package dev.vigil.api.run;

import dev.vigil.api.system.Actor;
import dev.vigil.api.system.ApiException;
import dev.vigil.api.system.ApiProperties;
import dev.vigil.api.system.PageView;
import dev.vigil.store.approval.ApprovalRepository;
import dev.vigil.store.run.RunFilter;
import dev.vigil.store.run.RunRecord;
import dev.vigil.store.run.RunRepository;
import dev.vigil.store.system.Page;
import dev.vigil.workflows.playbook.RunState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** Reading runs: live from the workflow while open, from PostgreSQL once closed. */
@Service
public class RunReads {

  private static final Logger log = LoggerFactory.getLogger(RunReads.class);

  private final RunRepository runs;
  private final ApprovalRepository approvals;
  private final RunGateway temporal;
  private final ApiProperties props;

  RunReads(
      RunRepository runs, ApprovalRepository approvals, RunGateway temporal, ApiProperties props) {
    this.runs = runs;
    this.approvals = approvals;
    this.temporal = temporal;
    this.props = props;
  }

  /**
   * One run. An open run is asked for its live state, except one waiting for approval: nothing in
   * it moves until someone decides, and every approval, vote and step state is projected as it
   * happens, so the store answers that at once (unless {@code live} asks the workflow anyway) —
   * with thousands of runs waiting, a live query replays a history the worker no longer caches.
   */
  public RunViews.RunView get(Actor actor, String runId, boolean live) {
    RunRecord r = require(actor, runId);
    RunViews.RunView view =
        view(actor, r, live || !"waiting_approval".equals(r.status()))
            .withRestarts(runs.restarts(actor.tenant(), runId));
    if (props.temporalUiUrl() == null) {
      return view;
    }
    return view.withTemporalUiUrl(props.temporalUiLink(temporal.namespace(), r.workflowId()));
  }

  private RunViews.RunView view(Actor actor, RunRecord r, boolean askWorkflow) {
    String runId = r.runId();
    if (r.isOpen() && askWorkflow) {
      try {
        RunState s = temporal.state(r.workflowId(), props.queryTimeoutMs());
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

  /** The run of the actor's tenant, or a 404. */
  RunRecord require(Actor actor, String runId) {
    return runs.find(actor.tenant(), runId)
        .orElseThrow(() -> ApiException.notFound("no run '" + runId + "'"));
  }
}
