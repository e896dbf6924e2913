package dev.vigil.api.detection;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.api.identity.TenantCreated;
import dev.vigil.api.system.Actor;
import dev.vigil.api.system.ApiException;
import dev.vigil.api.system.Audit;
import dev.vigil.detections.rule.BundledRules;
import dev.vigil.detections.rule.DetectionRule;
import dev.vigil.detections.rule.RuleReport;
import dev.vigil.detections.rule.RuleValidator;
import dev.vigil.detections.sigma.SigmaTranslator;
import dev.vigil.detections.sigma.Translation;
import dev.vigil.playbook.json.Json;
import dev.vigil.playbook.validation.Finding;
import dev.vigil.store.detection.AlertRepository;
import dev.vigil.store.detection.DetectionRuleRepository;
import dev.vigil.store.detection.RuleAlertStats;
import dev.vigil.store.detection.RuleVersion;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * Detection rules: validate, publish (from JSON or Sigma), turn on and off, read with the alert
 * count and false-positive rate analysts' feedback gives them. Every publish and switch is audited.
 */
@Service
public class Detections {

  private final DetectionRuleRepository rules;
  private final AlertRepository alerts;
  private final Audit audit;
  private final SigmaTranslator sigma = new SigmaTranslator();

  public Detections(DetectionRuleRepository rules, AlertRepository alerts, Audit audit) {
    this.rules = rules;
    this.alerts = alerts;
    this.audit = audit;
  }

  /** The result of validating a rule. */
  public record ValidationView(
      boolean valid, List<FindingView> errors, List<FindingView> warnings) {}

  public record FindingView(String pointer, String message, String hint) {
    static FindingView of(Finding f) {
      return new FindingView(f.pointer(), f.message(), f.hint());
    }
  }

  /** A rule in the list. */
  public record RuleSummary(
      String key,
      int version,
      String title,
      String kind,
      String severity,
      boolean enabled,
      String origin,
      List<String> mitre,
      long alerts,
      double falsePositiveRate,
      Instant updatedAt) {}

  /** One rule with its definition and versions. */
  public record RuleView(
      String key,
      int version,
      String title,
      String kind,
      String severity,
      boolean enabled,
      String origin,
      JsonNode definition,
      long alerts,
      double falsePositiveRate,
      String createdBy,
      Instant createdAt) {}

  /** A publish. */
  public record PublishedView(String key, int version, boolean created) {}

  /** A Sigma translation, and what was published from it (null for a dry run). */
  public record SigmaView(Map<String, Object> rule, PublishedView published) {}

  public ValidationView validate(String text) {
    RuleReport r = RuleValidator.validate(text);
    return new ValidationView(
        r.valid(),
        r.errors().stream().map(FindingView::of).toList(),
        r.findings().stream().filter(f -> !f.isError()).map(FindingView::of).toList());
  }

  /**
   * Publishes a rule for the actor's tenant.
   *
   * @throws ApiException 422 with every error (audited as rejected)
   */
  public PublishedView publish(Actor actor, String text, String origin) {
    RuleReport report = RuleValidator.validate(text);
    if (!report.valid()) {
      audit.record(
          actor,
          "detection.publish",
          "detection",
          Audit.REJECTED,
          Map.of("errors", report.errors().size()));
      throw invalid("the rule has " + report.errors().size() + " error(s)", report.errors());
    }
    DetectionRule rule = report.rule();
    DetectionRuleRepository.Published p =
        rules.publish(
            actor.tenant(),
            rule.key(),
            rule.title(),
            rule.kind().name(),
            rule.severity().label(),
            text,
            origin,
            actor.user());
    if (p.created() || !"bundled".equals(origin)) {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("created", p.created());
      d.put("origin", origin);
      audit.record(
          actor,
          "detection.publish",
          "detection/" + rule.key() + "/v" + p.version().version(),
          Audit.SUCCESS,
          d);
    }
    return new PublishedView(rule.key(), p.version().version(), p.created());
  }

  /** Publishes the bundled rules into a tenant (a no-op for the unchanged ones). */
  public void publishBundled(String tenant) {
    Actor system = Actor.system(tenant);
    BundledRules.all().forEach((key, text) -> publish(system, text, "bundled"));
  }

  /** A new tenant starts with the bundled rules on. */
  @EventListener
  public void onTenantCreated(TenantCreated created) {
    publishBundled(created.tenant());
  }

  public SigmaView sigma(Actor actor, String yaml, boolean dryRun) {
    if (yaml == null || yaml.isBlank()) {
      throw ApiException.invalid("", "the body must be a Sigma rule in YAML");
    }
    Translation t = sigma.translate(yaml);
    if (!t.problems().isEmpty()) {
      throw ApiException.invalid(
          "the Sigma rule uses " + t.problems().size() + " construct(s) Vigil cannot translate",
          t.problems().stream()
              .map(f -> new ApiException.FieldError(f.pointer(), f.message(), null))
              .toList());
    }
    String text = Json.write(t.rule());
    RuleReport report = RuleValidator.validate(text);
    if (!report.valid()) {
      throw invalid(
          "the translation is not a valid Vigil rule (pointers are into the translated rule)",
          report.errors());
    }
    if (dryRun) {
      return new SigmaView(t.rule(), null);
    }
    return new SigmaView(t.rule(), publish(actor, text, "sigma"));
  }

  public Map<String, List<RuleSummary>> list(Actor actor) {
    Map<String, RuleAlertStats> stats = alerts.statsByRule(actor.tenant());
    List<RuleSummary> items =
        rules.list(actor.tenant()).stream()
            .map(
                v -> {
                  RuleAlertStats s = stats.get(v.key());
                  return new RuleSummary(
                      v.key(),
                      v.version(),
                      v.title(),
                      v.kind(),
                      v.severity(),
                      v.enabled(),
                      v.origin(),
                      mitre(v),
                      s == null ? 0 : s.alerts(),
                      s == null ? 0 : s.falsePositiveRate(),
                      v.createdAt());
                })
            .toList();
    return Map.of("items", items);
  }

  public RuleView get(Actor actor, String key, Integer version) {
    RuleVersion v = find(actor, key, version);
    RuleAlertStats s = alerts.statsByRule(actor.tenant()).get(key);
    return new RuleView(
        v.key(),
        v.version(),
        v.title(),
        v.kind(),
        v.severity(),
        v.enabled(),
        v.origin(),
        parse(v),
        s == null ? 0 : s.alerts(),
        s == null ? 0 : s.falsePositiveRate(),
        v.createdBy(),
        v.createdAt());
  }

  public RuleSummary setEnabled(Actor actor, String key, Boolean enabled) {
    if (enabled == null) {
      throw ApiException.invalid("/enabled", "enabled must be true or false");
    }
    if (!rules.setEnabled(actor.tenant(), key, enabled, actor.user())) {
      throw ApiException.notFound("no detection rule '" + key + "'");
    }
    audit.record(
        actor,
        enabled ? "detection.enable" : "detection.disable",
        "detection/" + key,
        Audit.SUCCESS,
        Map.of());
    return list(actor).get("items").stream()
        .filter(r -> r.key().equals(key))
        .findFirst()
        .orElseThrow();
  }

  /** The latest (or the given) version; 404 in this tenant otherwise. */
  RuleVersion find(Actor actor, String key, Integer version) {
    return (version == null
            ? rules.latest(actor.tenant(), key)
            : rules.version(actor.tenant(), key, version))
        .orElseThrow(
            () ->
                ApiException.notFound(
                    version == null
                        ? "no detection rule '" + key + "'"
                        : "detection rule '" + key + "' has no version " + version));
  }

  private static List<String> mitre(RuleVersion v) {
    List<String> out = new java.util.ArrayList<>();
    parse(v).path("mitre").forEach(m -> out.add(m.asText()));
    return out;
  }

  private static JsonNode parse(RuleVersion v) {
    try {
      return Json.parse(v.definition());
    } catch (IOException e) {
      throw new IllegalStateException("stored rule " + v.key() + " is not JSON", e);
    }
  }

  private static ApiException invalid(String detail, List<Finding> findings) {
    return ApiException.invalid(
        detail,
        findings.stream()
            .map(f -> new ApiException.FieldError(f.pointer(), f.message(), f.hint()))
            .toList());
  }
}
