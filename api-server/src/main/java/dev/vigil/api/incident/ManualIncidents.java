package dev.vigil.api.incident;

import dev.vigil.api.system.Actor;
import dev.vigil.api.system.ApiException;
import dev.vigil.api.system.Audit;
import dev.vigil.store.incident.IncidentPolicyRepository;
import dev.vigil.store.incident.IncidentReads;
import dev.vigil.store.incident.IncidentRow;
import dev.vigil.workflows.incident.OpenIncident;
import dev.vigil.workflows.incident.policy.PolicySet;
import io.temporal.client.WorkflowServiceException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Incidents reported by people ({@code POST /api/v1/incidents}): opened with the tenant's current
 * policies, as correlation opens them, and answered once the workflow has recorded them.
 */
@Service
public class ManualIncidents {

  private final Incidents incidents;
  private final IncidentReads reads;
  private final IncidentGateway temporal;
  private final IncidentPolicyRepository policies;
  private final Audit audit;

  ManualIncidents(
      Incidents incidents,
      IncidentReads reads,
      IncidentGateway temporal,
      IncidentPolicyRepository policies,
      Audit audit) {
    this.incidents = incidents;
    this.reads = reads;
    this.temporal = temporal;
    this.policies = policies;
    this.audit = audit;
  }

  public record CreateRequest(String title, String severity, String description) {}

  public IncidentViews.IncidentDetail create(Actor actor, CreateRequest req) {
    if (req == null || req.title() == null || req.title().isBlank()) {
      throw ApiException.invalid("/title", "title is required");
    }
    if (req.title().length() > 300) {
      throw ApiException.invalid("/title", "title is at most 300 characters");
    }
    String severity = req.severity() == null ? "medium" : req.severity();
    if (!List.of("info", "low", "medium", "high", "critical").contains(severity)) {
      throw ApiException.invalid(
          "/severity", "severity must be info, low, medium, high or critical");
    }
    if (req.description() != null && req.description().length() > 20_000) {
      throw ApiException.invalid("/description", "description is at most 20000 characters");
    }
    String id = UUID.randomUUID().toString();
    PolicySet set =
        PolicySet.load(
            kind ->
                policies
                    .latest(actor.tenant(), kind)
                    .map(v -> new PolicySet.Stored(v.version(), v.definition())));
    OpenIncident input =
        set.manual(
            actor.tenant(), id, req.title().strip(), severity, req.description(), actor.user());
    try {
      temporal.open(input);
    } catch (WorkflowServiceException e) {
      audit.record(actor, "incident.create", "incident/" + id, Audit.FAILED, Map.of());
      throw ApiException.unavailable("Temporal did not accept the incident (" + e.getCause() + ")");
    }
    audit.record(
        actor, "incident.create", "incident/" + id, Audit.SUCCESS, Map.of("severity", severity));
    return incidents.detail(actor, awaitProjected(actor.tenant(), id));
  }

  /** The workflow writes the row in its first task; a new incident is shown once it is there. */
  private IncidentRow awaitProjected(String tenant, String id) {
    long until = System.currentTimeMillis() + 10_000;
    while (true) {
      var row = reads.get(tenant, id);
      if (row.isPresent()) {
        return row.get();
      }
      if (System.currentTimeMillis() > until) {
        throw ApiException.unavailable(
            "incident "
                + id
                + " was opened but is not recorded yet; see GET /api/v1/incidents/"
                + id);
      }
      try {
        Thread.sleep(25);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw ApiException.unavailable("interrupted while opening incident " + id);
      }
    }
  }
}
