package dev.vigil.detections.rule;

import dev.vigil.playbook.validation.Finding;
import java.util.List;

/**
 * The result of validating one rule document.
 *
 * @param rule the parsed rule when there are no errors, otherwise null
 */
public record RuleReport(List<Finding> findings, DetectionRule rule) {

  public RuleReport {
    findings = List.copyOf(findings);
  }

  public boolean valid() {
    return findings.stream().noneMatch(Finding::isError);
  }

  public List<Finding> errors() {
    return findings.stream().filter(Finding::isError).toList();
  }

  public List<Finding> warnings() {
    return findings.stream().filter(f -> !f.isError()).toList();
  }
}
