package dev.vigil.activities.incident;

import dev.vigil.activities.system.ActionException;
import dev.vigil.activities.system.ActionHandler;
import dev.vigil.store.incident.IncidentReads;
import dev.vigil.workflows.incident.IncidentActor;
import dev.vigil.workflows.incident.IncidentRequests;
import dev.vigil.workflows.incident.IncidentSnapshot;
import dev.vigil.workflows.incident.IncidentWorkflow;
import dev.vigil.workflows.incident.OpenIncident;
import dev.vigil.workflows.system.FailureTypes;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The {@code incident.*} actions: a playbook comments on, moves, re-rates and enriches its incident
 * through the incident workflow's own updates, so the same rules apply as for people (an illegal
 * transition fails the step) and the timeline says which run did it.
 */
public final class IncidentActions {

  private final WorkflowClient temporal;
  private final IncidentReads incidents;

  public IncidentActions(WorkflowClient temporal, IncidentReads incidents) {
    this.temporal = temporal;
    this.incidents = incidents;
  }

  /** Input of {@code incident.comment}. */
  public record CommentInput(String incident, String body) {}

  /** Input of {@code incident.set_status}. */
  public record StatusInput(String incident, String status, String reason) {}

  /** Input of {@code incident.set_severity}. */
  public record SeverityInput(String incident, String severity) {}

  /** Input of {@code incident.add_observable}. */
  public record ObservableInput(String incident, String kind, String value, String tlp) {}

  public List<ActionHandler<?>> all() {
    return List.of(
        handler(
            "incident.comment",
            CommentInput.class,
            CommentInput::incident,
            (w, in) -> a -> w.comment(new IncidentRequests.Comment(a, in.body(), List.of()))),
        handler(
            "incident.set_status",
            StatusInput.class,
            StatusInput::incident,
            (w, in) ->
                a -> w.setStatus(new IncidentRequests.SetStatus(a, in.status(), in.reason()))),
        handler(
            "incident.set_severity",
            SeverityInput.class,
            SeverityInput::incident,
            (w, in) -> a -> w.setSeverity(new IncidentRequests.SetSeverity(a, in.severity()))),
        handler(
            "incident.add_observable",
            ObservableInput.class,
            ObservableInput::incident,
            (w, in) ->
                a ->
                    w.addObservable(
                        new IncidentRequests.AddObservable(a, in.kind(), in.value(), in.tlp()))));
  }

  private interface Call {
    IncidentSnapshot apply(IncidentActor actor);
  }

  private <I> ActionHandler<I> handler(
      String name,
      Class<I> type,
      java.util.function.Function<I, String> incidentOf,
      BiFunction<IncidentWorkflow, I, Call> call) {
    return ActionHandler.of(
        name,
        type,
        (in, ctx) -> {
          String incident = incidentOf.apply(in);
          if (incident == null || incident.isBlank()) {
            incident =
                incidents
                    .incidentOfRun(ctx.tenant(), ctx.runId())
                    .orElseThrow(
                        () ->
                            new ActionException(
                                FailureTypes.INVALID_INPUT,
                                "no incident given and run "
                                    + ctx.runId()
                                    + " was not started by one"));
          }
          if (incidents.get(ctx.tenant(), incident).isEmpty()) {
            throw new ActionException(
                FailureTypes.INCIDENT_NOT_FOUND, "tenant has no incident " + incident);
          }
          IncidentWorkflow stub =
              temporal.newWorkflowStub(
                  IncidentWorkflow.class, OpenIncident.workflowId(ctx.tenant(), incident));
          IncidentActor actor = new IncidentActor(ctx.tenant(), "run:" + ctx.runId(), List.of());
          try {
            IncidentSnapshot s = call.apply(stub, in).apply(actor);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("incident", incident);
            out.put("status", s.status().key());
            out.put("severity", s.severity());
            return out;
          } catch (WorkflowUpdateException e) {
            if (e.getCause() instanceof ApplicationFailure af) {
              throw new ActionException(af.getType(), af.getOriginalMessage());
            }
            throw new ActionException(FailureTypes.ACTION_FAILED, e.getMessage());
          } catch (WorkflowNotFoundException e) {
            throw new ActionException(
                FailureTypes.INCIDENT_NOT_FOUND,
                "incident " + incident + " is closed for good and takes no more changes");
          }
        });
  }
}
