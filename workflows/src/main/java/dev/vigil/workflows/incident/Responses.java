package dev.vigil.workflows.incident;

import dev.vigil.playbook.expression.ExpressionException;
import dev.vigil.playbook.expression.Expressions;
import dev.vigil.playbook.expression.Scope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which automatic responses a trigger starts, pure: each response of the pinned policy whose
 * trigger matches, that has not fired yet (unless it repeats), and whose CEL condition holds over
 * {@code incident} and {@code alert}; its inputs are resolved with the same variables.
 */
public final class Responses {

  /** The variables responses see besides the run contexts. */
  public static final Scope SCOPE = Scope.ROOT.with("alert");

  /** The triggers a response may name. */
  public static final List<String> TRIGGERS =
      List.of("incident.opened", "alert.attached", "severity.changed", "status.changed");

  /** What {@code alert} is when no alert triggered the response (a manual incident). */
  static final AlertRef NO_ALERT =
      new AlertRef("", "", 0, "", "", "", "", Map.of(), List.of(), "", 0);

  private Responses() {}

  /** A response to start, with its inputs resolved. */
  public record Planned(String responseId, String playbook, Map<String, Object> inputs) {}

  /** A response whose condition or inputs failed to evaluate. */
  public record Failed(String responseId, String playbook, String error) {}

  /** What a trigger decided. */
  public record Decision(List<Planned> start, List<Failed> failed) {}

  /** The responses {@code trigger} starts. */
  public static Decision decide(
      List<IncidentPolicy.Response> responses,
      IncidentCase.Trigger trigger,
      Map<String, Object> incident,
      Set<String> fired) {
    List<Planned> start = new ArrayList<>();
    List<Failed> failed = new ArrayList<>();
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put("incident", incident);
    vars.put("alert", alertVariables(trigger.alert() == null ? NO_ALERT : trigger.alert()));
    for (IncidentPolicy.Response r : responses) {
      if (!r.on().equals(trigger.on()) || (!r.repeat() && fired.contains(r.id()))) {
        continue;
      }
      try {
        if (r.when() != null
            && !r.when().isBlank()
            && !Expressions.test(condition(r.when()), SCOPE, vars)) {
          continue;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> inputs =
            (Map<String, Object>) Expressions.resolve(r.inputs(), SCOPE, vars);
        start.add(new Planned(r.id(), r.playbook(), inputs));
      } catch (ExpressionException | ClassCastException e) {
        failed.add(new Failed(r.id(), r.playbook(), e.getMessage()));
      }
    }
    return new Decision(start, failed);
  }

  /**
   * The inputs of a task's playbook run: the task's inputs resolved over {@code incident} (with no
   * {@code alert}), then what the person gave laid over them.
   *
   * @throws ExpressionException when an expression does not evaluate
   */
  public static Map<String, Object> taskInputs(
      IncidentPolicy.TaskSpec task, Map<String, Object> given, Map<String, Object> incident) {
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put("incident", incident);
    vars.put("alert", alertVariables(NO_ALERT));
    Object resolved = Expressions.resolve(task.inputs(), SCOPE, vars);
    Map<String, Object> out = new LinkedHashMap<>();
    if (resolved instanceof Map<?, ?> m) {
      m.forEach((k, v) -> out.put(String.valueOf(k), v));
    }
    if (given != null) {
      out.putAll(given);
    }
    return dev.vigil.playbook.json.Json.normalizeMap(out);
  }

  /** A condition as written: bare CEL or one {@code ${{ … }}} template. */
  public static String condition(String when) {
    return dev.vigil.playbook.expression.Template.isTemplate(when) ? when : "${{ " + when + " }}";
  }

  /** {@code alert} as conditions see it. */
  public static Map<String, Object> alertVariables(AlertRef a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", a.alertId());
    m.put("rule", Map.of("key", a.ruleKey(), "version", (long) a.ruleVersion()));
    m.put("title", a.title());
    m.put("severity", a.severity());
    Map<String, Object> entity = new LinkedHashMap<>();
    entity.put("kind", a.entityKind() == null ? "" : a.entityKind());
    entity.put("value", a.entityValue() == null ? "" : a.entityValue());
    m.put("entity", entity);
    m.put("group", a.group());
    m.put("mitre", a.mitre());
    m.put("eventCount", a.eventCount());
    return dev.vigil.playbook.json.Json.normalizeMap(m);
  }
}
