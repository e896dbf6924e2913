package dev.vigil.workflows.incident;

import dev.vigil.workflows.incident.IncidentSnapshot.RunLink;
import dev.vigil.workflows.playbook.PlaybookRunWorkflow;
import dev.vigil.workflows.playbook.PrepareRunActivities;
import dev.vigil.workflows.playbook.PrepareRunRequest;
import dev.vigil.workflows.playbook.RunMode;
import dev.vigil.workflows.playbook.StartRunInput;
import dev.vigil.workflows.system.TaskQueues;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Inside {@link IncidentWorkflowImpl}: starts the incident's playbook runs, for its automatic
 * responses and for its tasks. A run is prepared by an activity (the playbook's published version,
 * its inputs checked) and started as a child workflow that outlives the incident's; it is linked to
 * the incident and recorded on its timeline, or the reason it could not start is.
 */
final class IncidentRunStarter {

  private static final Logger log = Workflow.getLogger(IncidentRunStarter.class);

  private static final ActivityOptions PREPARE =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setMaximumAttempts(10)
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setMaximumInterval(Duration.ofSeconds(30))
                  .build())
          .build();

  private final OpenIncident input;
  private final IncidentCase kase;
  private final PrepareRunActivities prepare =
      Workflow.newActivityStub(PrepareRunActivities.class, PREPARE);

  IncidentRunStarter(OpenIncident input, IncidentCase kase) {
    this.input = input;
    this.kase = kase;
  }

  /** Starts the responses the pending triggers call for. */
  void respond() {
    for (IncidentCase.Trigger t : kase.drainTriggers()) {
      Responses.Decision d =
          Responses.decide(kase.policy().responses(), t, kase.variables(), kase.firedResponses());
      for (Responses.Failed f : d.failed()) {
        kase.markFired(f.responseId());
        kase.runNotStarted(
            f.responseId(),
            f.playbook(),
            f.error(),
            IncidentActor.SYSTEM,
            IncidentWorkflowImpl.now());
      }
      for (Responses.Planned p : d.start()) {
        kase.markFired(p.responseId());
        start(p, t);
      }
    }
  }

  private void start(Responses.Planned p, IncidentCase.Trigger t) {
    Map<String, Object> trigger = new LinkedHashMap<>();
    trigger.put("type", "incident");
    trigger.put("incidentId", input.incidentId());
    trigger.put("on", t.on());
    trigger.put("response", p.responseId());
    if (t.alert() != null) {
      trigger.put("alertId", t.alert().alertId());
    }
    start(p, trigger, "incident:" + input.incidentId(), IncidentActor.SYSTEM);
  }

  /**
   * Prepares and starts {@code p} as a child run linked to this incident, started by {@code
   * startedBy}; records it (or why it could not start) on the timeline as {@code actor}. Returns
   * why it could not start, or null.
   */
  String start(Responses.Planned p, Map<String, Object> trigger, String startedBy, String actor) {
    String runId = Workflow.randomUUID().toString();
    StartRunInput run;
    try {
      run =
          prepare.prepare(
              new PrepareRunRequest(
                  input.tenant(),
                  runId,
                  p.playbook(),
                  null,
                  p.inputs(),
                  RunMode.LIVE,
                  startedBy,
                  trigger));
    } catch (ActivityFailure f) {
      kase.runNotStarted(
          p.responseId(),
          p.playbook(),
          IncidentWorkflowImpl.message(f),
          actor,
          IncidentWorkflowImpl.now());
      return IncidentWorkflowImpl.message(f);
    }
    String workflowId = StartRunInput.workflowId(input.tenant(), runId);
    PlaybookRunWorkflow child =
        Workflow.newChildWorkflowStub(
            PlaybookRunWorkflow.class,
            ChildWorkflowOptions.newBuilder()
                .setWorkflowId(workflowId)
                .setTaskQueue(TaskQueues.PLAYBOOK_RUNS)
                // the run outlives the incident's workflow (a merge or continue-as-new)
                .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
                .setWorkflowIdReusePolicy(
                    WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                .setStaticSummary(p.playbook() + " for incident " + input.incidentId())
                .build());
    Async.function(child::run, run);
    try {
      Workflow.getWorkflowExecution(child).get();
    } catch (ChildWorkflowFailure | ApplicationFailure e) {
      kase.runNotStarted(
          p.responseId(), p.playbook(), e.getMessage(), actor, IncidentWorkflowImpl.now());
      return e.getMessage();
    }
    kase.runStarted(
        new RunLink(
            runId, p.playbook(), p.responseId(), IncidentCase.iso(IncidentWorkflowImpl.now())),
        actor,
        IncidentWorkflowImpl.now());
    log.info("incident {} started run {} ({})", input.incidentId(), runId, p.playbook());
    return null;
  }
}
