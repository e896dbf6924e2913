package dev.vigil.workflows.incident;

import java.util.List;
import java.util.Map;

/**
 * What an incident learns about an alert: enough to title it, raise its severity, extract
 * observables and evaluate response conditions, without reading the store.
 *
 * @param alertId alert id
 * @param ruleKey rule that raised it
 * @param ruleVersion rule version
 * @param title alert title
 * @param severity info, low, medium, high or critical
 * @param entityKind kind of the alert's entity (ip, user, host …) or null
 * @param entityValue the entity's value or null
 * @param group the values the rule grouped on ({@code src.ip → 10.0.0.5})
 * @param mitre MITRE ATT&amp;CK technique and tactic ids
 * @param firstSeen ISO-8601 instant of its first event
 * @param eventCount events folded into it when it was routed
 */
public record AlertRef(
    String alertId,
    String ruleKey,
    int ruleVersion,
    String title,
    String severity,
    String entityKind,
    String entityValue,
    Map<String, String> group,
    List<String> mitre,
    String firstSeen,
    long eventCount) {

  public AlertRef {
    group = group == null ? Map.of() : Map.copyOf(group);
    mitre = mitre == null ? List.of() : List.copyOf(mitre);
  }
}
