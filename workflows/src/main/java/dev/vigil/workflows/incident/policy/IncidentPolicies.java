package dev.vigil.workflows.incident.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.playbook.bundled.BundledPlaybooks;
import dev.vigil.playbook.expression.ExpressionException;
import dev.vigil.playbook.expression.Expressions;
import dev.vigil.playbook.json.Json;
import dev.vigil.playbook.model.Durations;
import dev.vigil.playbook.validation.Finding;
import dev.vigil.workflows.incident.AlertRef;
import dev.vigil.workflows.incident.IncidentPolicy;
import dev.vigil.workflows.incident.Responses;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tenant's incident policies — correlation, SLA, response, templates — as versioned JSON
 * documents: validated with a JSON Pointer per problem, bound to records, and pinned into each new
 * incident. Pure: the API validates with it before storing a version, the router pins with it.
 */
public final class IncidentPolicies {

  /** The policy kinds, as stored and in the API path. */
  public static final List<String> KINDS = List.of("correlation", "sla", "response", "templates");

  private static final List<String> SEVERITIES =
      List.of("info", "low", "medium", "high", "critical");
  private static final int MAX_ITEMS = 200;

  private IncidentPolicies() {}

  /** The bundled default document of {@code kind} (what a tenant has until it publishes one). */
  public static String defaults(String kind) {
    return BundledPlaybooks.text(
        "incident-policies/" + kind + ".json", "no bundled incident policy " + kind);
  }

  /** Every problem of {@code doc} as a {@code kind} policy; empty when it is valid. */
  public static List<Finding> validate(String kind, JsonNode doc) {
    List<Finding> out = new ArrayList<>();
    if (doc == null || !doc.isObject()) {
      out.add(Finding.error("", "a policy is a JSON object"));
      return out;
    }
    switch (kind) {
      case "correlation" -> correlation(doc, out);
      case "sla" -> sla(doc, out);
      case "response" -> response(doc, out);
      case "templates" -> templates(doc, out);
      default -> out.add(Finding.error("", "unknown policy kind '" + kind + "'; one of " + KINDS));
    }
    return out;
  }

  private static void correlation(JsonNode doc, List<Finding> out) {
    only(doc, "", out, "fields", "window", "afterResolution", "minSeverity", "description");
    JsonNode fields = doc.path("fields");
    if (!fields.isArray() || fields.isEmpty() || fields.size() > 5) {
      out.add(Finding.error("/fields", "fields is a list of 1 to 5 alert fields"));
    } else {
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < fields.size(); i++) {
        String f = fields.get(i).asText("");
        boolean known =
            CorrelationPolicy.FIXED_FIELDS.contains(f)
                || f.matches("group\\.[A-Za-z0-9_.@-]{1,100}");
        if (!known) {
          out.add(
              Finding.error(
                  "/fields/" + i,
                  "'"
                      + f
                      + "' is not an alert field; use entity, rule, rule.tactic, severity or"
                      + " group.<field> (e.g. group.src.ip)"));
        } else if (!seen.add(f)) {
          out.add(Finding.error("/fields/" + i, "'" + f + "' is listed twice"));
        }
      }
    }
    duration(doc, "window", "/window", true, out);
    String after = doc.path("afterResolution").asText("reopen");
    if (!List.of("reopen", "new").contains(after)) {
      out.add(Finding.error("/afterResolution", "afterResolution is 'reopen' or 'new'"));
    }
    if (doc.has("minSeverity") && !SEVERITIES.contains(doc.path("minSeverity").asText())) {
      out.add(Finding.error("/minSeverity", "minSeverity is one of " + SEVERITIES));
    }
  }

  private static void sla(JsonNode doc, List<Finding> out) {
    only(doc, "", out, "targets", "warnAt", "onBreach", "description");
    JsonNode targets = doc.path("targets");
    if (!targets.isObject()) {
      out.add(
          Finding.error("/targets", "targets maps severities to {acknowledge, contain, resolve}"));
    } else {
      Iterator<String> names = targets.fieldNames();
      while (names.hasNext()) {
        String sev = names.next();
        String p = "/targets/" + Json.pointerToken(sev);
        if (!SEVERITIES.contains(sev)) {
          out.add(Finding.error(p, "'" + sev + "' is not a severity; one of " + SEVERITIES));
          continue;
        }
        JsonNode t = targets.get(sev);
        if (!t.isObject()) {
          out.add(Finding.error(p, "a target is {acknowledge, contain, resolve} durations"));
          continue;
        }
        only(t, p, out, "acknowledge", "contain", "resolve");
        for (String clock : List.of("acknowledge", "contain", "resolve")) {
          duration(t, clock, p + "/" + clock, false, out);
        }
      }
    }
    if (doc.has("warnAt")) {
      double w = doc.path("warnAt").asDouble(-1);
      if (!doc.path("warnAt").isNumber() || w <= 0 || w >= 1) {
        out.add(Finding.error("/warnAt", "warnAt is a fraction between 0 and 1 (0.8 = 80 %)"));
      }
    }
    JsonNode b = doc.path("onBreach");
    if (!b.isMissingNode()) {
      if (!b.isObject()) {
        out.add(Finding.error("/onBreach", "onBreach is an object"));
      } else {
        only(b, "/onBreach", out, "sendNotice", "raiseSeverity", "reassignTo", "recipients");
        for (String f : List.of("sendNotice", "raiseSeverity")) {
          if (b.has(f) && !b.get(f).isBoolean()) {
            out.add(Finding.error("/onBreach/" + f, f + " is true or false"));
          }
        }
        if (b.has("reassignTo")
            && !b.get("reassignTo").isNull()
            && !b.get("reassignTo").isTextual()) {
          out.add(Finding.error("/onBreach/reassignTo", "reassignTo is a user id or group:<name>"));
        }
        strings(b, "recipients", "/onBreach/recipients", out);
      }
    }
  }

  private static void response(JsonNode doc, List<Finding> out) {
    only(doc, "", out, "responses", "description");
    JsonNode list = doc.path("responses");
    if (!list.isArray() || list.size() > MAX_ITEMS) {
      out.add(Finding.error("/responses", "responses is a list of at most " + MAX_ITEMS));
      return;
    }
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode r = list.get(i);
      String p = "/responses/" + i;
      if (!r.isObject()) {
        out.add(Finding.error(p, "a response is an object"));
        continue;
      }
      only(r, p, out, "id", "on", "when", "playbook", "inputs", "repeat", "description");
      id(r, p, ids, out);
      String on = r.path("on").asText("");
      if (!Responses.TRIGGERS.contains(on)) {
        out.add(Finding.error(p + "/on", "on is one of " + Responses.TRIGGERS));
      }
      if (!r.path("playbook").isTextual() || r.path("playbook").asText().isBlank()) {
        out.add(Finding.error(p + "/playbook", "playbook names the playbook to start"));
      }
      if (r.has("when")) {
        if (!r.get("when").isTextual()) {
          out.add(Finding.error(p + "/when", "when is a CEL condition"));
        } else {
          compile(Responses.condition(r.get("when").asText()), p + "/when", out);
        }
      }
      JsonNode inputs = r.path("inputs");
      if (!inputs.isMissingNode()) {
        if (!inputs.isObject()) {
          out.add(Finding.error(p + "/inputs", "inputs is an object"));
        } else {
          templates(inputs, p + "/inputs", out);
        }
      }
      if (r.has("repeat") && !r.get("repeat").isBoolean()) {
        out.add(Finding.error(p + "/repeat", "repeat is true or false"));
      }
    }
  }

  private static void templates(JsonNode doc, List<Finding> out) {
    only(doc, "", out, "templates", "description");
    JsonNode list = doc.path("templates");
    if (!list.isArray() || list.size() > MAX_ITEMS) {
      out.add(Finding.error("/templates", "templates is a list of at most " + MAX_ITEMS));
      return;
    }
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode t = list.get(i);
      String p = "/templates/" + i;
      if (!t.isObject()) {
        out.add(Finding.error(p, "a template is an object"));
        continue;
      }
      only(t, p, out, "id", "rules", "mitre", "title", "severity", "tasks", "description");
      id(t, p, ids, out);
      strings(t, "rules", p + "/rules", out);
      strings(t, "mitre", p + "/mitre", out);
      if (t.has("title")) {
        if (!t.get("title").isTextual() || t.get("title").asText().isBlank()) {
          out.add(Finding.error(p + "/title", "title is a text, with ${{ alert.… }} if wanted"));
        } else {
          templates(t.get("title"), p + "/title", out);
        }
      }
      if (t.has("severity") && !SEVERITIES.contains(t.get("severity").asText())) {
        out.add(Finding.error(p + "/severity", "severity is one of " + SEVERITIES));
      }
      JsonNode tasks = t.path("tasks");
      if (!tasks.isMissingNode() && (!tasks.isArray() || tasks.size() > 50)) {
        out.add(Finding.error(p + "/tasks", "tasks is a list of at most 50"));
        continue;
      }
      Set<String> taskIds = new HashSet<>();
      for (int j = 0; j < tasks.size(); j++) {
        JsonNode task = tasks.get(j);
        String tp = p + "/tasks/" + j;
        if (!task.isObject()) {
          out.add(Finding.error(tp, "a task is an object"));
          continue;
        }
        only(task, tp, out, "id", "title", "mandatory", "playbook", "due", "inputs");
        id(task, tp, taskIds, out);
        if (!task.path("title").isTextual() || task.path("title").asText().isBlank()) {
          out.add(Finding.error(tp + "/title", "a task needs a title"));
        }
        if (task.has("mandatory") && !task.get("mandatory").isBoolean()) {
          out.add(Finding.error(tp + "/mandatory", "mandatory is true or false"));
        }
        duration(task, "due", tp + "/due", false, out);
        if (task.has("playbook")
            && (!task.get("playbook").isTextual() || task.get("playbook").asText().isBlank())) {
          out.add(
              Finding.error(tp + "/playbook", "playbook names the playbook that does the task"));
        }
        JsonNode taskInputs = task.path("inputs");
        if (!taskInputs.isMissingNode()) {
          if (!taskInputs.isObject() || !task.has("playbook")) {
            out.add(Finding.error(tp + "/inputs", "inputs is an object, for the task's playbook"));
          } else {
            templates(taskInputs, tp + "/inputs", out);
          }
        }
      }
    }
  }

  // ------------------------------------------------------------ binding

  public static CorrelationPolicy correlation(JsonNode doc) {
    return bind(doc, CorrelationPolicy.class);
  }

  public static IncidentPolicy.Sla sla(JsonNode doc) {
    return bind(doc, IncidentPolicy.Sla.class);
  }

  public static List<IncidentPolicy.Response> responses(JsonNode doc) {
    return List.of(bind(doc.path("responses"), IncidentPolicy.Response[].class));
  }

  public static List<IncidentTemplate> templates(JsonNode doc) {
    List<IncidentTemplate> out = new ArrayList<>();
    for (JsonNode t : doc.path("templates")) {
      out.add(bind(t, IncidentTemplate.class));
    }
    return out;
  }

  /** The template of an alert: the first that matches, or null. */
  public static IncidentTemplate templateFor(List<IncidentTemplate> templates, AlertRef a) {
    return templates.stream().filter(t -> t.matches(a)).findFirst().orElse(null);
  }

  /** The title of an incident opened by {@code a}: the template's pattern or the alert's title. */
  public static String title(IncidentTemplate t, AlertRef a) {
    if (t == null || t.title() == null) {
      return a.entityValue() == null ? a.title() : a.title() + " — " + a.entityValue();
    }
    try {
      Map<String, Object> vars = new LinkedHashMap<>();
      vars.put("alert", Responses.alertVariables(a));
      return Expressions.toText(Expressions.evaluate(t.title(), Responses.SCOPE, vars));
    } catch (ExpressionException e) {
      return a.title();
    }
  }

  /** Binding reads what validation accepted; descriptions and the like are not record fields. */
  private static final com.fasterxml.jackson.databind.ObjectMapper BINDER =
      Json.MAPPER
          .copy()
          .disable(
              com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private static <T> T bind(JsonNode node, Class<T> type) {
    try {
      return BINDER.treeToValue(node, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("policy does not bind to " + type.getSimpleName(), e);
    }
  }

  // ------------------------------------------------------------ checks

  private static void only(JsonNode obj, String pointer, List<Finding> out, String... names) {
    List<String> allowed = List.of(names);
    obj.fieldNames()
        .forEachRemaining(
            f -> {
              if (!allowed.contains(f)) {
                out.add(
                    Finding.error(
                        pointer + "/" + Json.pointerToken(f),
                        "unknown property '" + f + "'; allowed: " + allowed));
              }
            });
  }

  private static void id(JsonNode obj, String p, Set<String> ids, List<Finding> out) {
    String id = obj.path("id").asText("");
    if (!id.matches("[a-z0-9][a-z0-9_-]{0,63}")) {
      out.add(Finding.error(p + "/id", "id is 1-64 lower-case letters, digits, _ or -"));
    } else if (!ids.add(id)) {
      out.add(Finding.error(p + "/id", "id '" + id + "' is used twice"));
    }
  }

  private static void duration(
      JsonNode obj, String field, String pointer, boolean required, List<Finding> out) {
    JsonNode d = obj.path(field);
    if (d.isMissingNode() || d.isNull()) {
      if (required) {
        out.add(Finding.error(pointer, field + " is required (" + Durations.HINT + ")"));
      }
      return;
    }
    if (!d.isTextual()
        || Durations.parse(d.asText()).filter(x -> !x.isNegative() && !x.isZero()).isEmpty()) {
      out.add(Finding.error(pointer, "'" + d.asText() + "' is not a duration; " + Durations.HINT));
    }
  }

  private static void strings(JsonNode obj, String field, String pointer, List<Finding> out) {
    JsonNode l = obj.path(field);
    if (l.isMissingNode()) {
      return;
    }
    if (!l.isArray() || l.size() > MAX_ITEMS) {
      out.add(Finding.error(pointer, field + " is a list of texts"));
      return;
    }
    for (int i = 0; i < l.size(); i++) {
      if (!l.get(i).isTextual() || l.get(i).asText().isBlank()) {
        out.add(Finding.error(pointer + "/" + i, "a non-empty text"));
      }
    }
  }

  private static void compile(String template, String pointer, List<Finding> out) {
    try {
      Expressions.compileTemplate(template, Responses.SCOPE);
    } catch (ExpressionException e) {
      out.add(Finding.error(pointer, e.getMessage()));
    }
  }

  /** Compiles every {@code ${{ … }}} inside a JSON value. */
  private static void templates(JsonNode value, String pointer, List<Finding> out) {
    if (value.isTextual()) {
      if (dev.vigil.playbook.expression.Template.isTemplate(value.asText())) {
        compile(value.asText(), pointer, out);
      }
    } else if (value.isObject()) {
      value
          .fields()
          .forEachRemaining(
              e -> templates(e.getValue(), pointer + "/" + Json.pointerToken(e.getKey()), out));
    } else if (value.isArray()) {
      for (int i = 0; i < value.size(); i++) {
        templates(value.get(i), pointer + "/" + i, out);
      }
    }
  }
}
