package dev.vigil.workflows.incident.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.playbook.json.Json;
import dev.vigil.workflows.incident.AlertRef;
import dev.vigil.workflows.incident.IncidentPolicy;
import dev.vigil.workflows.incident.OpenIncident;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A tenant's four incident policies at their current versions (version 0 = the bundled default),
 * and how a new incident's input is made from them.
 */
public record PolicySet(
    CorrelationPolicy correlation,
    IncidentPolicy.Sla sla,
    List<IncidentPolicy.Response> responses,
    List<IncidentTemplate> templates,
    Map<String, Integer> versions) {

  /** A stored policy version. */
  public record Stored(int version, String definition) {}

  /** Loads the four policies, each the newest stored version or the bundled default. */
  public static PolicySet load(Function<String, Optional<Stored>> latest) {
    Map<String, Integer> versions = new LinkedHashMap<>();
    Map<String, JsonNode> docs = new LinkedHashMap<>();
    for (String kind : IncidentPolicies.KINDS) {
      Optional<Stored> s = latest.apply(kind);
      versions.put(kind, s.map(Stored::version).orElse(0));
      docs.put(
          kind, parse(s.map(Stored::definition).orElseGet(() -> IncidentPolicies.defaults(kind))));
    }
    return new PolicySet(
        IncidentPolicies.correlation(docs.get("correlation")),
        IncidentPolicies.sla(docs.get("sla")),
        IncidentPolicies.responses(docs.get("response")),
        IncidentPolicies.templates(docs.get("templates")),
        versions);
  }

  /** The input of an incident opened by {@code alert} for correlation key {@code key}. */
  public OpenIncident open(String tenant, String incidentId, AlertRef alert, String key) {
    IncidentTemplate t = IncidentPolicies.templateFor(templates, alert);
    Map<String, Integer> pinned = new LinkedHashMap<>(versions);
    IncidentPolicy policy =
        new IncidentPolicy(
            key,
            correlation.reopens(),
            sla,
            responses,
            t == null ? List.of() : t.tasks(),
            "7d",
            pinned);
    return new OpenIncident(
        tenant,
        incidentId,
        IncidentPolicies.title(t, alert),
        t != null && t.severity() != null ? t.severity() : alert.severity(),
        null,
        "vigil",
        policy,
        null,
        OpenIncident.HISTORY_LIMIT);
  }

  /** The input of an incident a person opened by hand. */
  public OpenIncident manual(
      String tenant,
      String incidentId,
      String title,
      String severity,
      String description,
      String by) {
    IncidentPolicy policy =
        new IncidentPolicy(null, correlation.reopens(), sla, responses, List.of(), "7d", versions);
    return new OpenIncident(
        tenant,
        incidentId,
        title,
        severity,
        description,
        by,
        policy,
        null,
        OpenIncident.HISTORY_LIMIT);
  }

  private static JsonNode parse(String text) {
    try {
      return Json.parse(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored incident policy is not JSON", e);
    }
  }
}
