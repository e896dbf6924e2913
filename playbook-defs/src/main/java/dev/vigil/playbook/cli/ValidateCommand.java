package dev.vigil.playbook.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.playbook.bundled.BundledPlaybooks;
import dev.vigil.playbook.catalog.ActionCatalog;
import dev.vigil.playbook.json.Json;
import dev.vigil.playbook.validation.Finding;
import dev.vigil.playbook.validation.PlaybookValidator;
import dev.vigil.playbook.validation.ValidationReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@code ./vigil validate FILE…}: validates playbook files for engineers' own CI. Prints one line
 * per finding, {@code FILE: POINTER: error|warning: MESSAGE}, and exits 1 when any file has an
 * error, 0 otherwise (2 on usage errors). Child playbooks resolve against the bundled playbooks and
 * the other files given.
 */
public final class ValidateCommand {

  private ValidateCommand() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
      err.println("usage: vigil validate FILE...");
      err.println("  prints FILE: POINTER: error|warning: MESSAGE per finding;");
      err.println("  exits 1 when any file has an error, 0 otherwise");
      return args.length == 0 ? 2 : 0;
    }
    Map<String, String> texts = new LinkedHashMap<>();
    Set<String> keys = new LinkedHashSet<>(BundledPlaybooks.KEYS);
    boolean failed = false;
    for (String a : args) {
      try {
        String text = Files.readString(Path.of(a), StandardCharsets.UTF_8);
        texts.put(a, text);
        try {
          JsonNode key = Json.parse(text).path("key");
          if (key.isTextual()) {
            keys.add(key.asText());
          }
        } catch (IOException ignored) {
          // not JSON: the validator reports it below with its line and column
        }
      } catch (IOException e) {
        out.println(a + ": /: error: cannot read file: " + e.getMessage());
        failed = true;
      }
    }
    PlaybookValidator validator = new PlaybookValidator(ActionCatalog.bundled(), keys::contains);
    int errors = 0;
    int warnings = 0;
    for (Map.Entry<String, String> e : texts.entrySet()) {
      ValidationReport report = validator.validate(e.getValue());
      for (Finding f : report.findings()) {
        out.println(e.getKey() + ": " + f.format());
      }
      errors += report.errors().size();
      warnings += report.warnings().size();
      failed |= !report.valid();
    }
    err.println(texts.size() + " file(s): " + errors + " error(s), " + warnings + " warning(s)");
    return failed ? 1 : 0;
  }
}
