package dev.vigil.playbook.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.playbook.bundled.BundledPlaybooks;
import dev.vigil.playbook.catalog.ActionCatalog;
import dev.vigil.playbook.validation.PlaybookValidator;
import dev.vigil.playbook.validation.ValidationReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every ```json block in README.md and docs/*.md (but docs/detections.md, docs/incidents.md,
 * docs/operations.md, docs/integrations.md, docs/scans.md, docs/files.md, docs/reports.md and
 * docs/billing.md, whose examples are not playbooks and have their own tests), and every
 * docs/examples/*.json, is a playbook that validates without findings.
 */
class DocsExamplesTest {

  static final Path REPO = Path.of("..");

  /** The docs whose examples are not playbooks: each has its own test. */
  static final java.util.Set<String> OWN_TESTS =
      java.util.Set.of(
          "detections.md",
          "incidents.md",
          "operations.md",
          "integrations.md",
          "scans.md",
          "files.md",
          "reports.md",
          "billing.md");

  static final Pattern BLOCK = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL);

  static Stream<Arguments> examples() throws IOException {
    List<Path> files = new ArrayList<>(List.of(REPO.resolve("README.md")));
    try (Stream<Path> docs = Files.list(REPO.resolve("docs"))) {
      // docs/detections.md holds rules and events, docs/incidents.md incident policies,
      // docs/operations.md a log line, docs/integrations.md a connection (IntegrationsIT): each
      // is checked by its own module's docs test; docs/scans.md's by ScansIT, docs/files.md's
      // by FilesIT, docs/reports.md's by ReportsIT and ReportSchedulesIT, docs/billing.md's by
      // EntitlementsIT
      docs.filter(
              p -> p.toString().endsWith(".md") && !OWN_TESTS.contains(p.getFileName().toString()))
          .sorted()
          .forEach(files::add);
    }
    List<Arguments> out = new ArrayList<>();
    for (Path f : files) {
      Matcher m = BLOCK.matcher(Files.readString(f));
      int n = 0;
      while (m.find()) {
        out.add(Arguments.of(f.getFileName() + " #" + ++n, m.group(1)));
      }
    }
    try (Stream<Path> examples = Files.list(REPO.resolve("docs/examples"))) {
      for (Path p : examples.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        out.add(Arguments.of("docs/examples/" + p.getFileName(), Files.readString(p)));
      }
    }
    assertThat(out).hasSizeGreaterThanOrEqualTo(10);
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void validates(String where, String json) {
    ValidationReport r =
        new PlaybookValidator(ActionCatalog.bundled(), BundledPlaybooks.KEYS::contains)
            .validate(json);
    assertThat(r.findings()).as(where).isEmpty();
  }
}
