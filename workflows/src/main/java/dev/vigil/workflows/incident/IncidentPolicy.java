package dev.vigil.workflows.incident;

import java.util.List;
import java.util.Map;

/**
 * The tenant's policies as they were when the incident opened, pinned into its input so a policy
 * edit never changes an incident in flight (the next incident gets the new version).
 *
 * @param correlationKey the correlation key the incident was opened for (null for manual ones)
 * @param reopenOnAlert whether an alert for a resolved incident reopens it
 * @param sla SLA targets per severity and what a breach does
 * @param responses automatic responses: which playbook to start on which trigger
 * @param tasks the checklist of the incident's template
 * @param closedRetention how long a closed incident can still be reopened (e.g. {@code 7d})
 * @param versions the policy versions pinned, for the record ({@code sla → 3})
 */
public record IncidentPolicy(
    String correlationKey,
    boolean reopenOnAlert,
    Sla sla,
    List<Response> responses,
    List<TaskSpec> tasks,
    String closedRetention,
    Map<String, Integer> versions) {

  public IncidentPolicy {
    responses = responses == null ? List.of() : List.copyOf(responses);
    tasks = tasks == null ? List.of() : List.copyOf(tasks);
    versions = versions == null ? Map.of() : Map.copyOf(versions);
    closedRetention = closedRetention == null ? "7d" : closedRetention;
  }

  /**
   * SLA policy.
   *
   * @param targets per severity: the time to acknowledge, contain and resolve (durations such as
   *     {@code 15m}); a missing target is no clock
   * @param warnAt fraction of a target at which a warning is raised (0.8)
   * @param onBreach what a breach does
   */
  public record Sla(Map<String, Targets> targets, double warnAt, BreachActions onBreach) {
    public Sla {
      targets = targets == null ? Map.of() : Map.copyOf(targets);
      warnAt = warnAt <= 0 || warnAt >= 1 ? 0.8 : warnAt;
      onBreach = onBreach == null ? new BreachActions(true, false, null, List.of()) : onBreach;
    }
  }

  /** Targets of one severity; null = no clock. */
  public record Targets(String acknowledge, String contain, String resolve) {}

  /**
   * What a breach does.
   *
   * @param sendNotice send a notification
   * @param raiseSeverity raise the severity one level (at most critical)
   * @param reassignTo assign to this user or group ({@code group:soc-l2}), or null
   * @param recipients who is notified ({@code role:soc-lead}, {@code channel:#soc})
   */
  public record BreachActions(
      boolean sendNotice, boolean raiseSeverity, String reassignTo, List<String> recipients) {
    public BreachActions {
      recipients = recipients == null ? List.of() : List.copyOf(recipients);
    }
  }

  /**
   * An automatic response.
   *
   * @param id the response's id within its policy
   * @param on trigger: {@code incident.opened}, {@code alert.attached}, {@code severity.changed} or
   *     {@code status.changed}
   * @param when CEL condition over {@code incident} and {@code alert} (null = always)
   * @param playbook playbook to start (latest version)
   * @param inputs the run's inputs; strings may hold {@code ${{ … }}} expressions
   * @param repeat start again on every matching trigger (default: once per incident)
   */
  public record Response(
      String id,
      String on,
      String when,
      String playbook,
      Map<String, Object> inputs,
      boolean repeat) {
    public Response {
      inputs = inputs == null ? Map.of() : dev.vigil.playbook.json.Json.normalizeMap(inputs);
    }
  }

  /**
   * A task of the incident's template.
   *
   * @param id id within the template
   * @param title what to do
   * @param mandatory the incident cannot close while it is open
   * @param playbook a playbook that does it, or null
   * @param due due after the incident opened (e.g. {@code 4h}), or null
   * @param inputs the inputs of the task's playbook run; strings may hold {@code ${{ … }}}
   *     expressions over {@code incident}; what the person who runs it gives is laid over them
   */
  public record TaskSpec(
      String id,
      String title,
      boolean mandatory,
      String playbook,
      String due,
      Map<String, Object> inputs) {
    public TaskSpec {
      inputs = inputs == null ? Map.of() : dev.vigil.playbook.json.Json.normalizeMap(inputs);
    }
  }

  /** No SLA, no responses, no tasks: what an incident gets when the tenant configured nothing. */
  public static IncidentPolicy none(String correlationKey) {
    return new IncidentPolicy(
        correlationKey, true, new Sla(Map.of(), 0.8, null), List.of(), List.of(), "7d", Map.of());
  }
}
