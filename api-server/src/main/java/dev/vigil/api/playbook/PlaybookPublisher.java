package dev.vigil.api.playbook;

import dev.vigil.api.system.Actor;
import dev.vigil.api.system.ApiException;
import dev.vigil.api.system.Audit;
import dev.vigil.playbook.catalog.ActionCatalog;
import dev.vigil.playbook.validation.PlaybookValidator;
import dev.vigil.playbook.validation.ValidationReport;
import dev.vigil.store.playbook.PlaybookRepository;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * The one way a playbook version is published — from the API and for the bundled playbooks at
 * start-up: validated against the tenant's playbooks, stored once per definition, audited.
 */
@Service
public class PlaybookPublisher {

  private final PlaybookRepository playbooks;
  private final Audit audit;

  public PlaybookPublisher(PlaybookRepository playbooks, Audit audit) {
    this.playbooks = playbooks;
    this.audit = audit;
  }

  /** The validator for {@code tenant}: child playbooks must be published in that tenant. */
  public PlaybookValidator validator(String tenant) {
    return new PlaybookValidator(ActionCatalog.bundled(), k -> playbooks.exists(tenant, k));
  }

  /**
   * Publishes {@code definition} for the actor's tenant. A bundled playbook published again
   * unchanged (every start-up) leaves no audit record; every other publish does.
   *
   * @throws ApiException 422 with every error when the definition does not validate (audited as
   *     rejected)
   */
  public PlaybookRepository.Published publish(Actor actor, String definition, boolean bundled) {
    ValidationReport report = validator(actor.tenant()).validate(definition);
    if (!report.valid()) {
      audit.record(
          actor,
          "playbook.publish",
          "playbook",
          Audit.REJECTED,
          Map.of("errors", report.errors().size()));
      throw ApiException.invalid(
          "the playbook has " + report.errors().size() + " error(s)",
          report.errors().stream()
              .map(f -> new ApiException.FieldError(f.pointer(), f.message(), f.hint()))
              .toList());
    }
    String key = report.playbook().key();
    PlaybookRepository.Published p =
        playbooks.publish(actor.tenant(), key, report.playbook().title(), definition, actor.user());
    if (p.created() || !bundled) {
      Map<String, Object> d = new LinkedHashMap<>();
      if (bundled) {
        d.put("bundled", true);
      }
      d.put("created", p.created());
      d.put("sha256", p.version().sha256());
      audit.record(
          actor,
          "playbook.publish",
          "playbook/" + key + "/v" + p.version().version(),
          Audit.SUCCESS,
          d);
    }
    return p;
  }
}
