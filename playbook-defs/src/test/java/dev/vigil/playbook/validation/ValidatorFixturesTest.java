package dev.vigil.playbook.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.playbook.bundled.BundledPlaybooks;
import dev.vigil.playbook.catalog.ActionCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every fixture under {@code fixtures/valid} and {@code fixtures/invalid} produces exactly the
 * findings (severity and JSON Pointer) its {@code .expected} file lists — all in one pass.
 */
class ValidatorFixturesTest {

  static final Path ROOT = Path.of("src/test/resources/fixtures");
  static final Set<String> KNOWN = Set.of("minimal", "every-kind");

  static Stream<Path> fixtures() throws IOException {
    try (Stream<Path> s = Files.walk(ROOT)) {
      List<Path> all = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
      assertThat(all).hasSizeGreaterThanOrEqualTo(7);
      return all.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void reportsExactlyTheExpectedFindings(Path fixture) throws IOException {
    PlaybookValidator validator =
        new PlaybookValidator(
            ActionCatalog.bundled(), k -> KNOWN.contains(k) || BundledPlaybooks.KEYS.contains(k));
    ValidationReport report = validator.validate(Files.readString(fixture));
    Path expectedFile = Path.of(fixture.toString().replace(".json", ".expected"));
    List<String> expected =
        Files.readAllLines(expectedFile).stream()
            .filter(l -> !l.isBlank() && !l.startsWith("#"))
            .sorted()
            .toList();
    List<String> actual =
        report.findings().stream()
            .map(f -> f.severity().label() + " " + (f.pointer().isEmpty() ? "/" : f.pointer()))
            .sorted()
            .toList();
    assertThat(actual).as("findings of %s:%n%s", fixture, report.findings()).isEqualTo(expected);
    boolean inValidDir = fixture.getParent().getFileName().toString().equals("valid");
    assertThat(report.valid()).isEqualTo(inValidDir);
    assertThat(report.playbook() != null).isEqualTo(inValidDir);
  }
}
