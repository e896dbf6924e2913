package dev.vigil.workflows.incident.policy;

import dev.vigil.workflows.incident.AlertRef;
import dev.vigil.workflows.incident.IncidentPolicy.TaskSpec;
import java.util.List;

/**
 * An incident template: for alerts of some rules or tactics, the title pattern, the default
 * severity and a checklist of tasks.
 *
 * @param id template id
 * @param rules rule keys it applies to (empty: any)
 * @param mitre MITRE ids it applies to, techniques or tactics (empty: any); an alert matches when
 *     one of its techniques or their tactics is listed
 * @param title title with {@code ${{ alert.… }}} expressions, or null for the alert's title
 * @param severity default severity, or null for the alert's
 * @param tasks the checklist
 */
public record IncidentTemplate(
    String id,
    List<String> rules,
    List<String> mitre,
    String title,
    String severity,
    List<TaskSpec> tasks) {

  public IncidentTemplate {
    rules = rules == null ? List.of() : List.copyOf(rules);
    mitre = mitre == null ? List.of() : List.copyOf(mitre);
    tasks = tasks == null ? List.of() : List.copyOf(tasks);
  }

  public boolean matches(AlertRef a) {
    return (rules.isEmpty() || rules.contains(a.ruleKey()))
        && (mitre.isEmpty()
            || a.mitre().stream().anyMatch(mitre::contains)
            || MitreTactics.tactics(a.mitre()).stream().anyMatch(mitre::contains));
  }
}
