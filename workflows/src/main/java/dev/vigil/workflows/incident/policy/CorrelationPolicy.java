package dev.vigil.workflows.incident.policy;

import dev.vigil.workflows.incident.AlertRef;
import java.util.ArrayList;
import java.util.List;

/**
 * Which alerts form one incident: alerts whose {@code fields} have the same values join the open
 * incident of that key while they arrive within {@code window} of its last alert; after the
 * incident is resolved an alert reopens it ({@code afterResolution: reopen}) or opens a new one.
 * Alerts below {@code minSeverity} open no incident.
 *
 * @param fields {@code entity}, {@code rule}, {@code rule.tactic}, {@code severity} or {@code
 *     group.<field>} (one or several)
 * @param window e.g. {@code 24h}
 * @param afterResolution {@code reopen} or {@code new}
 * @param minSeverity info, low, medium, high or critical
 */
public record CorrelationPolicy(
    List<String> fields, String window, String afterResolution, String minSeverity) {

  public static final List<String> FIXED_FIELDS =
      List.of("entity", "rule", "rule.tactic", "severity");

  public CorrelationPolicy {
    fields = fields == null ? List.of("entity") : List.copyOf(fields);
  }

  public boolean reopens() {
    return !"new".equals(afterResolution);
  }

  /**
   * The alert's correlation key ({@code entity=ip:10.0.0.5|rule=ssh-brute-force}), or null when
   * none of the fields has a value (the alert is an incident of its own).
   */
  public String key(AlertRef a) {
    List<String> parts = new ArrayList<>();
    boolean any = false;
    for (String f : fields) {
      String v = value(a, f);
      any |= v != null;
      parts.add(f + "=" + (v == null ? "" : v));
    }
    return any ? String.join("|", parts) : null;
  }

  private static String value(AlertRef a, String field) {
    return switch (field) {
      case "entity" ->
          a.entityValue() == null
              ? null
              : (a.entityKind() == null ? "" : a.entityKind() + ":") + a.entityValue();
      case "rule" -> a.ruleKey();
      case "rule.tactic" -> MitreTactics.tactics(a.mitre()).stream().findFirst().orElse(null);
      case "severity" -> a.severity();
      default ->
          field.startsWith("group.") ? a.group().get(field.substring("group.".length())) : null;
    };
  }
}
