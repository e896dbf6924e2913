package dev.vigil.api.incident;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.api.system.Actor;
import dev.vigil.api.system.ApiException;
import dev.vigil.api.system.Audit;
import dev.vigil.playbook.json.Json;
import dev.vigil.playbook.validation.Finding;
import dev.vigil.store.incident.IncidentPolicyRepository;
import dev.vigil.store.incident.IncidentPolicyRepository.PolicyVersion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * The tenant's incident policies: the current version of each (the bundled default until one is
 * published), their history, validation with pointers, publishing a new version, rollback.
 */
@Service
public class IncidentPolicyService {

  private final IncidentPolicyRepository repo;
  private final Audit audit;

  IncidentPolicyService(IncidentPolicyRepository repo, Audit audit) {
    this.repo = repo;
    this.audit = audit;
  }

  /** One policy version; version 0 is the bundled default. */
  public record PolicyView(
      String kind, int version, Object definition, String createdBy, Instant createdAt) {}

  /** The result of a validation. */
  public record ValidationView(boolean valid, List<Map<String, Object>> errors) {}

  public List<PolicyView> current(Actor actor) {
    List<PolicyView> out = new ArrayList<>();
    for (String kind : dev.vigil.workflows.incident.policy.IncidentPolicies.KINDS) {
      out.add(current(actor, kind));
    }
    return out;
  }

  public PolicyView current(Actor actor, String kind) {
    requireKind(kind);
    return repo.latest(actor.tenant(), kind)
        .map(IncidentPolicyService::view)
        .orElseGet(
            () ->
                new PolicyView(
                    kind,
                    0,
                    parse(dev.vigil.workflows.incident.policy.IncidentPolicies.defaults(kind)),
                    "vigil",
                    null));
  }

  public List<PolicyView> versions(Actor actor, String kind) {
    requireKind(kind);
    List<PolicyView> out =
        new ArrayList<>(
            repo.versions(actor.tenant(), kind).stream().map(IncidentPolicyService::view).toList());
    out.add(
        new PolicyView(
            kind,
            0,
            parse(dev.vigil.workflows.incident.policy.IncidentPolicies.defaults(kind)),
            "vigil",
            null));
    return out;
  }

  public ValidationView validate(String kind, JsonNode body) {
    requireKind(kind);
    List<Finding> findings =
        dev.vigil.workflows.incident.policy.IncidentPolicies.validate(kind, body);
    return new ValidationView(
        findings.isEmpty(),
        findings.stream()
            .map(f -> Map.<String, Object>of("pointer", f.pointer(), "message", f.message()))
            .toList());
  }

  /** Publishes {@code body} as the next version (valid or 422 with every problem's pointer). */
  public PolicyView publish(Actor actor, String kind, JsonNode body) {
    requireKind(kind);
    List<Finding> findings =
        dev.vigil.workflows.incident.policy.IncidentPolicies.validate(kind, body);
    if (!findings.isEmpty()) {
      audit.record(
          actor,
          "incident_policy.publish",
          "incident-policy/" + kind,
          Audit.REJECTED,
          Map.of("errors", findings.size()));
      throw ApiException.invalid(
          "the " + kind + " policy has " + findings.size() + " problem(s)",
          findings.stream()
              .map(f -> new ApiException.FieldError(f.pointer(), f.message(), f.hint()))
              .toList());
    }
    PolicyVersion v = repo.publish(actor.tenant(), kind, Json.write(body), actor.user());
    audit.record(
        actor,
        "incident_policy.publish",
        "incident-policy/" + kind,
        Audit.SUCCESS,
        Map.of("version", v.version()));
    return view(v);
  }

  /** Publishes an older version again as the newest one. */
  public PolicyView rollback(Actor actor, String kind, int version) {
    requireKind(kind);
    JsonNode doc;
    if (version == 0) {
      doc =
          (JsonNode)
              Json.MAPPER.valueToTree(
                  parse(dev.vigil.workflows.incident.policy.IncidentPolicies.defaults(kind)));
    } else {
      PolicyVersion old =
          repo.version(actor.tenant(), kind, version)
              .orElseThrow(
                  () -> ApiException.notFound("the " + kind + " policy has no version " + version));
      doc = Json.MAPPER.valueToTree(parse(old.definition()));
    }
    return publish(actor, kind, doc);
  }

  private static void requireKind(String kind) {
    if (!dev.vigil.workflows.incident.policy.IncidentPolicies.KINDS.contains(kind)) {
      throw ApiException.notFound(
          "no incident policy '"
              + kind
              + "'; one of "
              + dev.vigil.workflows.incident.policy.IncidentPolicies.KINDS);
    }
  }

  private static PolicyView view(PolicyVersion v) {
    return new PolicyView(
        v.kind(), v.version(), parse(v.definition()), v.createdBy(), v.createdAt());
  }

  private static Object parse(String json) {
    try {
      return Json.toJava(Json.parse(json));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a stored incident policy is not JSON", e);
    }
  }
}
