package dev.vigil.playbook.cli;

import dev.vigil.playbook.catalog.ActionCatalog;
import dev.vigil.playbook.validation.Finding;
import dev.vigil.playbook.validation.PlaybookValidator;
import dev.vigil.playbook.validation.ValidationReport;
import java.io.PrintStream;
import java.util.Map;
import java.util.Set;

/**
 * The playbook part of {@code ./vigil validate FILE…} (the command itself is {@code
 * dev.vigil.detections.cli.ValidateCommand}, which also lints detection rules and Sigma files): one
 * line per finding, {@code FILE: POINTER: error|warning: MESSAGE}.
 */
public final class ValidateCommand {

  private ValidateCommand() {}

  /** Errors and warnings found, and whether any file failed. */
  public record Counts(int errors, int warnings, boolean failed) {}

  /**
   * Validates playbook texts (file name → text) and prints one line per finding; child playbooks
   * resolve against {@code knownKeys}.
   */
  public static Counts report(Map<String, String> texts, Set<String> knownKeys, PrintStream out) {
    PlaybookValidator validator =
        new PlaybookValidator(ActionCatalog.bundled(), knownKeys::contains);
    int errors = 0;
    int warnings = 0;
    boolean failed = false;
    for (Map.Entry<String, String> e : texts.entrySet()) {
      ValidationReport report = validator.validate(e.getValue());
      for (Finding f : report.findings()) {
        out.println(e.getKey() + ": " + f.format());
      }
      errors += report.errors().size();
      warnings += report.warnings().size();
      failed |= !report.valid();
    }
    return new Counts(errors, warnings, failed);
  }
}
