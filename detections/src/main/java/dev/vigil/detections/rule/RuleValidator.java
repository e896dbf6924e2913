package dev.vigil.detections.rule;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import dev.vigil.detections.rule.DetectionRule.Distinct;
import dev.vigil.detections.rule.DetectionRule.Entity;
import dev.vigil.detections.rule.DetectionRule.Kind;
import dev.vigil.detections.rule.DetectionRule.Match;
import dev.vigil.detections.rule.DetectionRule.NewValue;
import dev.vigil.detections.rule.DetectionRule.OutsideHours;
import dev.vigil.detections.rule.DetectionRule.Sequence;
import dev.vigil.detections.rule.DetectionRule.Severity;
import dev.vigil.detections.rule.DetectionRule.Step;
import dev.vigil.detections.rule.DetectionRule.Threshold;
import dev.vigil.playbook.expression.ExpressionException;
import dev.vigil.playbook.expression.Expressions;
import dev.vigil.playbook.expression.Template;
import dev.vigil.playbook.json.Json;
import dev.vigil.playbook.model.Durations;
import dev.vigil.playbook.schema.JsonSchemas;
import dev.vigil.playbook.validation.Finding;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Validates a rule document: first the published JSON Schema, then what a schema cannot say
 * (expressions compile, durations parse, timezones exist, windows make sense). Every finding
 * carries a JSON Pointer into the document.
 */
public final class RuleValidator {

  /** Classpath location of the published rule schema. */
  public static final String SCHEMA = "schema/detection-v1.schema.json";

  private static final JsonNode SCHEMA_NODE = JsonSchemas.readResource(SCHEMA);
  private static final Schema COMPILED = JsonSchemas.compile(SCHEMA_NODE);

  /** Longest window a rule may keep state for. */
  public static final Duration MAX_WINDOW = Duration.ofDays(7);

  private RuleValidator() {}

  /** The schema as published (GET /api/v1/schema/detection). */
  public static JsonNode schemaDocument() {
    return SCHEMA_NODE.deepCopy();
  }

  /** Validates rule text; JSON syntax errors are reported with their line and column. */
  public static RuleReport validate(String text) {
    JsonNode doc;
    try {
      doc = Json.parse(text);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      return new RuleReport(
          List.of(Finding.error("", "not valid JSON" + where + ": " + e.getOriginalMessage())),
          null);
    }
    return validate(doc);
  }

  public static RuleReport validate(JsonNode doc) {
    List<Finding> findings = new ArrayList<>();
    JsonSchemas.check(COMPILED, doc, "").forEach(f -> findings.add(plain(f)));
    if (!findings.isEmpty()) {
      return new RuleReport(findings, null);
    }
    Checks c = new Checks(findings);
    String filter = c.expression(doc.path("filter"), "/filter");
    Kind kind = kind(doc, c);
    Duration suppress =
        doc.has("suppress")
            ? c.duration(doc.get("suppress"), "/suppress", Duration.ofDays(30))
            : DetectionRule.DEFAULT_SUPPRESS;
    Entity entity = null;
    if (doc.has("entity")) {
      JsonNode e = doc.get("entity");
      c.template(e.get("value"), "/entity/value");
      entity = new Entity(e.get("kind").asText(), e.get("value").asText());
    }
    List<String> groupBy = new ArrayList<>();
    doc.path("groupBy").forEach(g -> groupBy.add(g.asText()));
    List<String> mitre = new ArrayList<>();
    doc.path("mitre").forEach(m -> mitre.add(m.asText()));
    checkAttack(mitre, findings);
    if (kind instanceof Distinct d && groupBy.contains(d.field())) {
      findings.add(
          Finding.error(
              "/distinct/field",
              "counts distinct values of " + d.field() + ", which is also in groupBy",
              "a group has one value of it; remove it from groupBy"));
    }
    if (!c.ok()) {
      return new RuleReport(findings, null);
    }
    return new RuleReport(
        findings,
        new DetectionRule(
            doc.get("key").asText(),
            doc.get("title").asText(),
            doc.path("description").asText(null),
            Severity.of(doc.get("severity").asText()),
            mitre,
            filter,
            groupBy,
            kind,
            suppress,
            entity,
            doc.path("enabled").asBoolean(true)));
  }

  /**
   * Every id must be a technique or tactic of the bundled ATT&CK catalogue; a revoked or deprecated
   * technique is a warning (it still reads, but MITRE no longer maintains it).
   */
  static void checkAttack(List<String> ids, List<Finding> findings) {
    var attack = dev.vigil.detections.mitre.MitreAttack.bundled();
    for (int i = 0; i < ids.size(); i++) {
      String id = ids.get(i);
      var t = attack.technique(id);
      if (t.isEmpty() && !attack.known(id)) {
        findings.add(
            Finding.error(
                "/mitre/" + i,
                id
                    + " is not a technique or tactic of MITRE ATT&CK Enterprise v"
                    + attack.version(),
                "see https://attack.mitre.org/techniques/enterprise/"));
      } else if (t.isPresent() && (t.get().revoked() || t.get().deprecated())) {
        findings.add(
            Finding.warning(
                "/mitre/" + i,
                id
                    + " ("
                    + t.get().name()
                    + ") is "
                    + (t.get().revoked() ? "revoked" : "deprecated")
                    + " in ATT&CK v"
                    + attack.version(),
                "use the technique that replaced it"));
      }
    }
  }

  /** Plain words for the schema's patterns, which users should not have to read as regexes. */
  private static Finding plain(Finding f) {
    if (!f.message().startsWith("does not match the regex pattern")) {
      return f;
    }
    String m = f.message();
    if (m.contains("attributes")) {
      return Finding.error(
          f.pointer(),
          "must be an event field such as src.ip, actor.name, source.system or"
              + " attributes.<SourceField>");
    }
    if (m.contains("T[0-9]{4}")) {
      return Finding.error(
          f.pointer(), "must be a MITRE ATT&CK id such as T1110, T1110.001 or TA0006");
    }
    if (m.contains("[01][0-9]")) {
      return Finding.error(f.pointer(), "must be a time of day HH:MM such as 22:00");
    }
    return f;
  }

  private static Kind kind(JsonNode doc, Checks c) {
    return switch (doc.get("kind").asText()) {
      case "match" -> new Match();
      case "threshold" -> {
        JsonNode t = doc.get("threshold");
        yield new Threshold(
            t.get("count").asInt(), c.duration(t.get("window"), "/threshold/window", MAX_WINDOW));
      }
      case "distinct" -> {
        JsonNode t = doc.get("distinct");
        yield new Distinct(
            t.get("field").asText(),
            t.get("count").asInt(),
            c.duration(t.get("window"), "/distinct/window", MAX_WINDOW));
      }
      case "new_value" -> {
        JsonNode t = doc.get("new_value");
        Duration learning =
            t.has("learning")
                ? c.duration(t.get("learning"), "/new_value/learning", Duration.ofDays(365))
                : Duration.ZERO;
        yield new NewValue(t.get("field").asText(), learning);
      }
      case "outside_hours" -> {
        JsonNode t = doc.get("outside_hours");
        LocalTime from = LocalTime.parse(t.get("from").asText());
        LocalTime to = LocalTime.parse(t.get("to").asText());
        if (from.equals(to)) {
          c.error("/outside_hours/to", "from and to are the same time, so no hour is outside");
        }
        ZoneId zone = null;
        if (t.has("timezone")) {
          try {
            zone = ZoneId.of(t.get("timezone").asText());
          } catch (DateTimeException e) {
            c.error(
                "/outside_hours/timezone",
                "'"
                    + t.get("timezone").asText()
                    + "' is not a timezone; use an IANA name such as"
                    + " Europe/Paris");
          }
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        t.path("days").forEach(d -> days.add(day(d.asText())));
        yield new OutsideHours(from, to, zone, days);
      }
      case "sequence" -> {
        JsonNode t = doc.get("sequence");
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < t.get("steps").size(); i++) {
          JsonNode s = t.get("steps").get(i);
          String f = c.expression(s.get("filter"), "/sequence/steps/" + i + "/filter");
          steps.add(
              new Step(s.path("name").asText("step " + (i + 1)), f, s.path("count").asInt(1)));
        }
        yield new Sequence(
            steps,
            c.duration(t.get("window"), "/sequence/window", MAX_WINDOW),
            t.path("ordered").asBoolean(true));
      }
      default -> throw new IllegalStateException("schema admits an unknown kind");
    };
  }

  private static DayOfWeek day(String d) {
    for (DayOfWeek w : DayOfWeek.values()) {
      if (w.name().substring(0, 3).equalsIgnoreCase(d)) {
        return w;
      }
    }
    throw new IllegalStateException("schema admits an unknown day " + d);
  }

  /** Collects findings while the document is read. */
  private static final class Checks {
    private final List<Finding> findings;
    private final int before;

    Checks(List<Finding> findings) {
      this.findings = findings;
      this.before = findings.size();
    }

    boolean ok() {
      return findings.stream().skip(before).noneMatch(Finding::isError);
    }

    void error(String pointer, String message) {
      findings.add(Finding.error(pointer, message));
    }

    /** A whole-value {@code ${{ … }}} boolean expression; returns the text or null if absent. */
    String expression(JsonNode node, String pointer) {
      if (node == null || node.isMissingNode() || node.isNull()) {
        return null;
      }
      String text = node.asText();
      if (!Template.isTemplate(text) || !Template.parse(text).isWhole()) {
        error(pointer, "must be one CEL expression written as ${{ … }}");
        return null;
      }
      template(node, pointer);
      return text;
    }

    void template(JsonNode node, String pointer) {
      try {
        Expressions.compileTemplate(node.asText(), RuleScope.SCOPE);
      } catch (ExpressionException e) {
        error(pointer, e.getMessage());
      } catch (IllegalArgumentException e) {
        error(pointer, e.getMessage());
      }
    }

    Duration duration(JsonNode node, String pointer, Duration max) {
      Duration d = Durations.parse(node.asText()).orElse(null);
      if (d == null) {
        findings.add(
            Finding.error(pointer, "'" + node.asText() + "' is not a duration", Durations.HINT));
        return Duration.ofMinutes(1);
      }
      if (d.compareTo(max) > 0) {
        error(pointer, "is longer than the limit of " + max.toDays() + " days");
      }
      return d;
    }
  }
}
