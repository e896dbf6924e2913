package dev.vigil.playbook.validation;

import dev.vigil.playbook.model.Playbook;
import java.util.List;

/**
 * The result of validating one definition.
 *
 * @param findings every error and warning, in document order of discovery
 * @param playbook the parsed model when there are no errors, otherwise null
 */
public record ValidationReport(List<Finding> findings, Playbook playbook) {

  public ValidationReport {
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
