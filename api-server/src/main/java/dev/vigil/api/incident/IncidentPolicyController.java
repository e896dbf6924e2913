package dev.vigil.api.incident;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.api.system.Actor;
import dev.vigil.api.system.Permission;
import dev.vigil.api.system.Requires;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The tenant's incident policies: correlation, sla, response, templates. */
@RestController
@RequestMapping("/api/v1/incident-policies")
public class IncidentPolicyController {

  private final IncidentPolicyService policies;

  public IncidentPolicyController(IncidentPolicyService policies) {
    this.policies = policies;
  }

  @GetMapping
  @Requires(Permission.INCIDENT_READ)
  public List<IncidentPolicyService.PolicyView> current(Actor actor) {
    return policies.current(actor);
  }

  @GetMapping("/{kind}")
  @Requires(Permission.INCIDENT_READ)
  public IncidentPolicyService.PolicyView get(Actor actor, @PathVariable String kind) {
    return policies.current(actor, kind);
  }

  @GetMapping("/{kind}/versions")
  @Requires(Permission.INCIDENT_READ)
  public List<IncidentPolicyService.PolicyView> versions(Actor actor, @PathVariable String kind) {
    return policies.versions(actor, kind);
  }

  @PostMapping(path = "/{kind}/validate", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Requires(Permission.INCIDENT_READ)
  public IncidentPolicyService.ValidationView validate(
      @PathVariable String kind, @RequestBody JsonNode body) {
    return policies.validate(kind, body);
  }

  @PutMapping(path = "/{kind}", consumes = MediaType.APPLICATION_JSON_VALUE)
  @ResponseStatus(HttpStatus.CREATED)
  @Requires(Permission.INCIDENT_POLICY_MANAGE)
  public IncidentPolicyService.PolicyView publish(
      Actor actor, @PathVariable String kind, @RequestBody JsonNode body) {
    return policies.publish(actor, kind, body);
  }

  @PostMapping(path = "/{kind}/versions/{version}/restore")
  @ResponseStatus(HttpStatus.CREATED)
  @Requires(Permission.INCIDENT_POLICY_MANAGE)
  public IncidentPolicyService.PolicyView restore(
      Actor actor, @PathVariable String kind, @PathVariable int version) {
    return policies.rollback(actor, kind, version);
  }
}
