package dev.vigil.detections.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.detections.rule.RuleReport;
import dev.vigil.detections.rule.RuleValidator;
import dev.vigil.detections.sigma.SigmaTranslator;
import dev.vigil.detections.sigma.Translation;
import dev.vigil.playbook.bundled.BundledPlaybooks;
import dev.vigil.playbook.json.Json;
import dev.vigil.playbook.validation.Finding;
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
 * {@code ./vigil validate FILE…}: lints playbooks, detection rules and Sigma rules for engineers'
 * own CI. A {@code .yml}/{@code .yaml} file is a Sigma rule (it must translate); a JSON document
 * with a {@code kind} and no {@code steps} is a detection rule; any other JSON is a playbook (child
 * playbooks resolve against the bundled ones and the other files given). Prints one line per
 * finding, {@code FILE: POINTER: error|warning: MESSAGE}, and exits 1 when any file has an error, 0
 * otherwise (2 on usage errors).
 */
public final class ValidateCommand {

  private ValidateCommand() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
      err.println("usage: vigil validate FILE...");
      err.println("  playbooks and detection rules (JSON), Sigma rules (.yml, .yaml);");
      err.println("  prints FILE: POINTER: error|warning: MESSAGE per finding;");
      err.println("  exits 1 when any file has an error, 0 otherwise");
      return args.length == 0 ? 2 : 0;
    }
    Map<String, String> playbooks = new LinkedHashMap<>();
    Map<String, String> rules = new LinkedHashMap<>();
    Map<String, String> sigma = new LinkedHashMap<>();
    Set<String> keys = new LinkedHashSet<>(BundledPlaybooks.KEYS);
    boolean failed = false;
    int read = 0;
    for (String a : args) {
      String text;
      try {
        text = Files.readString(Path.of(a), StandardCharsets.UTF_8);
      } catch (IOException e) {
        out.println(a + ": /: error: cannot read file: " + e.getMessage());
        failed = true;
        continue;
      }
      read++;
      String lower = a.toLowerCase(java.util.Locale.ROOT);
      if (lower.endsWith(".yml") || lower.endsWith(".yaml")) {
        sigma.put(a, text);
        continue;
      }
      JsonNode doc = null;
      try {
        doc = Json.parse(text);
      } catch (IOException notJson) {
        // the playbook validator reports it with its line and column
      }
      if (doc != null && doc.has("kind") && !doc.has("steps")) {
        rules.put(a, text);
      } else {
        playbooks.put(a, text);
        if (doc != null && doc.path("key").isTextual()) {
          keys.add(doc.path("key").asText());
        }
      }
    }
    var c = dev.vigil.playbook.cli.ValidateCommand.report(playbooks, keys, out);
    int errors = c.errors();
    int warnings = c.warnings();
    failed |= c.failed();
    for (Map.Entry<String, String> e : rules.entrySet()) {
      RuleReport r = RuleValidator.validate(e.getValue());
      for (Finding f : r.findings()) {
        out.println(e.getKey() + ": " + f.format());
        if (f.isError()) {
          errors++;
        } else {
          warnings++;
        }
      }
      failed |= !r.valid();
    }
    SigmaTranslator translator = new SigmaTranslator();
    for (Map.Entry<String, String> e : sigma.entrySet()) {
      Translation t = translator.translate(e.getValue());
      for (var p : t.problems()) {
        out.println(
            e.getKey()
                + ": "
                + (p.pointer().isEmpty() ? "/" : p.pointer())
                + ": error: "
                + p.message());
        errors++;
      }
      if (t.problems().isEmpty()) {
        RuleReport r = RuleValidator.validate(Json.write(t.rule()));
        for (Finding f : r.errors()) {
          out.println(e.getKey() + ": (translated) " + f.format());
          errors++;
        }
        failed |= !r.valid();
      }
      failed |= !t.problems().isEmpty();
    }
    err.println(read + " file(s): " + errors + " error(s), " + warnings + " warning(s)");
    return failed ? 1 : 0;
  }
}
