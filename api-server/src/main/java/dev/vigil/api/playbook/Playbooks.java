package dev.vigil.api.playbook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.api.system.Actor;
import dev.vigil.api.system.ApiException;
import dev.vigil.api.system.Audit;
import dev.vigil.api.system.PageLimits;
import dev.vigil.api.system.PageView;
import dev.vigil.api.system.Permission;
import dev.vigil.playbook.catalog.ActionCatalog;
import dev.vigil.playbook.json.Json;
import dev.vigil.playbook.validation.Finding;
import dev.vigil.playbook.validation.PlaybookValidator;
import dev.vigil.playbook.validation.ValidationReport;
import dev.vigil.store.identity.RoleRepository;
import dev.vigil.store.playbook.PlaybookRepository;
import dev.vigil.store.playbook.PlaybookSummary;
import dev.vigil.store.playbook.PlaybookVersion;
import dev.vigil.store.system.Page;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * Validate, publish and read playbooks. Publishing is one path for the API and for the bundled
 * playbooks at start-up: validated against the tenant's playbooks, stored once per definition,
 * audited.
 */
@Service
public class Playbooks {

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Playbooks.class);

  private final PlaybookRepository playbooks;
  private final dev.vigil.store.connection.ConnectionRepository connections;
  private final Audit audit;
  private final RoleRepository roles;

  public Playbooks(
      PlaybookRepository playbooks,
      dev.vigil.store.connection.ConnectionRepository connections,
      Audit audit,
      RoleRepository roles) {
    this.playbooks = playbooks;
    this.connections = connections;
    this.audit = audit;
    this.roles = roles;
  }

  /** The result of validating a definition. */
  public record ValidationView(
      boolean valid, List<FindingView> errors, List<FindingView> warnings) {}

  /** One finding. */
  public record FindingView(String pointer, String message, String hint) {
    static FindingView of(Finding f) {
      return new FindingView(f.pointer(), f.message(), f.hint());
    }
  }

  /** A published version. */
  public record VersionView(
      String key,
      int version,
      String title,
      String sha256,
      String publishedBy,
      Instant publishedAt,
      boolean created) {
    static VersionView of(PlaybookRepository.Published p) {
      PlaybookVersion v = p.version();
      return new VersionView(
          v.key(),
          v.version(),
          v.title(),
          v.sha256(),
          v.publishedBy(),
          v.publishedAt(),
          p.created());
    }
  }

  /** A version with its definition and the other versions of the key. */
  public record PlaybookView(
      String key,
      int version,
      String title,
      String sha256,
      String publishedBy,
      Instant publishedAt,
      JsonNode definition,
      List<Map<String, Object>> versions) {}

  public ValidationView validate(Actor actor, String definition) {
    return view(validator(actor.tenant(), false).validate(definition));
  }

  /**
   * The validator for {@code tenant}: child playbooks must be published in that tenant, and the
   * connections actions name must be the tenant's, of the right provider — when {@code publishing};
   * linting only warns about a missing one. Approvals may name the tenant's custom roles that grant
   * {@code approval.decide}.
   */
  public PlaybookValidator validator(String tenant, boolean publishing) {
    return new PlaybookValidator(ActionCatalog.bundled(), k -> playbooks.exists(tenant, k))
        .withConnections(
            name ->
                connections
                    .get(tenant, name)
                    .map(
                        c ->
                            new dev.vigil.playbook.integration.ConnectionDirectory.Entry(
                                c.provider(), c.config())),
            publishing)
        .withDecidingRoles(
            roles.list(tenant).stream()
                .filter(r -> r.permissions().contains(Permission.APPROVAL_DECIDE.key()))
                .map(dev.vigil.store.identity.CustomRole::name)
                .toList());
  }

  /**
   * Publishes {@code definition} for the actor's tenant. A bundled playbook published again
   * unchanged (every start-up) leaves no audit record; every other publish does.
   *
   * @throws ApiException 422 with every error when the definition does not validate (audited as
   *     rejected)
   */
  /**
   * The bundled playbooks into {@code tenant} (each version once): the incident response policy
   * starts some of them, so every tenant has them.
   */
  public void publishBundled(String tenant) {
    Actor system = Actor.system(tenant);
    dev.vigil.playbook.bundled.BundledPlaybooks.all()
        .forEach(
            (key, json) -> {
              var p = publish(system, json, true);
              if (p.created()) {
                log.info(
                    "published bundled playbook {} v{} in tenant {}",
                    key,
                    p.version().version(),
                    tenant);
              }
            });
  }

  /** A new tenant starts with the bundled playbooks. */
  @org.springframework.context.event.EventListener
  public void onTenantCreated(dev.vigil.api.identity.TenantCreated created) {
    publishBundled(created.tenant());
  }

  public PlaybookRepository.Published publish(Actor actor, String definition, boolean bundled) {
    ValidationReport report = validator(actor.tenant(), true).validate(definition);
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

  public PageView<PlaybookSummary> list(Actor actor, Integer limit, String cursor) {
    Page<PlaybookSummary> page = playbooks.list(actor.tenant(), PageLimits.of(limit), cursor);
    return PageView.of(page);
  }

  public PlaybookView get(Actor actor, String key, Integer version) {
    PlaybookVersion v =
        playbooks
            .find(actor.tenant(), key, version)
            .orElseThrow(
                () ->
                    ApiException.notFound(
                        version == null
                            ? "no playbook '" + key + "'"
                            : "playbook '" + key + "' has no version " + version));
    List<Map<String, Object>> versions =
        playbooks.versions(actor.tenant(), key).stream()
            .map(
                o -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("version", o.version());
                  m.put("sha256", o.sha256());
                  m.put("publishedBy", o.publishedBy());
                  m.put("publishedAt", o.publishedAt());
                  return m;
                })
            .toList();
    try {
      return new PlaybookView(
          v.key(),
          v.version(),
          v.title(),
          v.sha256(),
          v.publishedBy(),
          v.publishedAt(),
          Json.parse(v.definition()),
          versions);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("stored definition of " + key + " is not JSON", e);
    }
  }

  private static ValidationView view(ValidationReport r) {
    return new ValidationView(
        r.valid(),
        r.errors().stream().map(FindingView::of).toList(),
        r.warnings().stream().map(FindingView::of).toList());
  }
}
