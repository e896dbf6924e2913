package dev.vigil.detections.engine;

import dev.vigil.detections.rule.DetectionRule;
import dev.vigil.detections.rule.DetectionRule.Sequence;
import dev.vigil.playbook.expression.Template;
import java.time.Duration;
import java.util.List;

/**
 * A rule ready for the engine: its published version and its expressions reduced to bare CEL.
 *
 * @param filter bare CEL of the rule filter, or null for every event
 * @param stepFilters bare CEL of each sequence step, empty for other kinds
 */
public record CompiledRule(
    DetectionRule rule, int version, String filter, List<String> stepFilters) {

  public static CompiledRule of(DetectionRule rule, int version) {
    List<String> steps =
        rule.kind() instanceof Sequence s
            ? s.steps().stream().map(st -> bare(st.filter())).toList()
            : List.of();
    return new CompiledRule(rule, version, bare(rule.filter()), steps);
  }

  private static String bare(String template) {
    return template == null ? null : Template.parse(template).expressions().get(0);
  }

  public String key() {
    return rule.key();
  }

  /** How long a group must remember matching events: the kind's window (0 for stateless). */
  Duration window() {
    return rule.kind()
        .accept(
            new DetectionRule.Visitor<Duration>() {
              public Duration match(DetectionRule.Match k) {
                return Duration.ZERO;
              }

              public Duration threshold(DetectionRule.Threshold k) {
                return k.window();
              }

              public Duration distinct(DetectionRule.Distinct k) {
                return k.window();
              }

              public Duration newValue(DetectionRule.NewValue k) {
                return Duration.ZERO;
              }

              public Duration outsideHours(DetectionRule.OutsideHours k) {
                return Duration.ZERO;
              }

              public Duration sequence(Sequence k) {
                return k.window();
              }
            });
  }
}
