package dev.vigil.api.incident;

import dev.vigil.api.system.Actor;
import dev.vigil.api.system.ApiException;
import dev.vigil.api.system.Audit;
import dev.vigil.store.incident.IncidentRow;
import dev.vigil.workflows.incident.IncidentActor;
import dev.vigil.workflows.incident.IncidentWorkflow;
import dev.vigil.workflows.system.FailureTypes;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowServiceException;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The one way a change reaches an incident: the incident workflow's update, sent as the caller (its
 * validator decides; a refusal becomes a 403, 404, 409 or 422 with the request's pointer), audited
 * whatever the outcome, and answered with the incident as the store holds it after the change (the
 * workflow writes the store before the update returns).
 */
@Service
class IncidentUpdates {

  private static final Logger log = LoggerFactory.getLogger(IncidentUpdates.class);

  private final Incidents incidents;
  private final IncidentGateway temporal;
  private final Audit audit;

  IncidentUpdates(Incidents incidents, IncidentGateway temporal, Audit audit) {
    this.incidents = incidents;
    this.temporal = temporal;
    this.audit = audit;
  }

  /** One update sent to the incident's workflow as {@code actor}. */
  interface Update {
    Object send(IncidentWorkflow workflow, IncidentActor actor);
  }

  IncidentViews.IncidentDetail send(
      Actor actor,
      String id,
      String action,
      String pointer,
      Map<String, Object> details,
      Update update) {
    IncidentRow before = incidents.require(actor, id);
    String target = "incident/" + id;
    IncidentActor who = new IncidentActor(actor.tenant(), actor.user(), actor.roles());
    Map<String, Object> audited = new LinkedHashMap<>(details);
    try {
      update.send(temporal.incident(actor.tenant(), id), who);
    } catch (WorkflowUpdateException e) {
      ApplicationFailure af = e.getCause() instanceof ApplicationFailure x ? x : null;
      String type = af == null ? "" : af.getType();
      String message = af == null ? e.getMessage() : af.getOriginalMessage();
      audited.put("reason", type);
      audit.record(actor, action, target, Audit.REJECTED, audited);
      throw refusal(type, message, pointer, af, before);
    } catch (WorkflowNotFoundException e) {
      audit.record(actor, action, target, Audit.REJECTED, audited);
      throw ApiException.conflict(
          "incident-ended",
          "incident "
              + id
              + " has ended ("
              + (before.mergedInto() != null
                  ? "merged into " + before.mergedInto()
                  : "closed and past its reopen window")
              + ") and takes no more changes");
    } catch (WorkflowServiceException e) {
      log.warn("{} on incident {} failed in Temporal", action, id, e);
      audit.record(actor, action, target, Audit.FAILED, audited);
      throw ApiException.unavailable(
          "Temporal did not accept the change (" + e.getCause() + "); try again");
    }
    audit.record(actor, action, target, Audit.SUCCESS, audited);
    return incidents.detail(actor, incidents.require(actor, id));
  }

  private static ApiException refusal(
      String type, String message, String pointer, ApplicationFailure af, IncidentRow before) {
    return switch (type) {
      case FailureTypes.INCIDENT_FORBIDDEN -> ApiException.forbidden("forbidden", message);
      case FailureTypes.INCIDENT_ILLEGAL_TRANSITION ->
          ApiException.conflict("illegal-transition", message)
              .with("allowed", allowed(af))
              .with("status", before.status());
      case FailureTypes.INCIDENT_INVALID -> ApiException.invalid(pointer, message);
      case FailureTypes.INCIDENT_ITEM_NOT_FOUND -> ApiException.notFound(message);
      default -> ApiException.conflict("conflict", message);
    };
  }

  private static List<String> allowed(ApplicationFailure af) {
    try {
      String joined = af.getDetails().get(String.class);
      return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
    } catch (RuntimeException e) {
      return List.of();
    }
  }
}
