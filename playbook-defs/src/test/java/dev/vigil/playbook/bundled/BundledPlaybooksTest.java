package dev.vigil.playbook.bundled;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.playbook.catalog.ActionCatalog;
import dev.vigil.playbook.json.Json;
import dev.vigil.playbook.validation.PlaybookValidator;
import dev.vigil.playbook.validation.ValidationReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BundledPlaybooksTest {

  static Stream<String> keys() {
    return BundledPlaybooks.KEYS.stream();
  }

  @ParameterizedTest
  @MethodSource("keys")
  void validatesWithoutErrorsOrWarnings(String key) throws IOException {
    String json = BundledPlaybooks.read(key);
    ValidationReport r =
        new PlaybookValidator(ActionCatalog.bundled(), BundledPlaybooks.KEYS::contains)
            .validate(json);
    assertThat(r.findings()).as(key).isEmpty();
    assertThat(r.playbook().key()).isEqualTo(key);
    assertThat(Json.parse(json).path("description").asText())
        .as("description of " + key)
        .hasSizeGreaterThan(40);
  }

  @Test
  void everyFileInThePlaybooksFolderIsListed() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("src/main/resources/playbooks"))) {
      Set<String> onDisk =
          files
              .map(p -> p.getFileName().toString().replace(".json", ""))
              .collect(Collectors.toSet());
      assertThat(onDisk).containsExactlyInAnyOrderElementsOf(BundledPlaybooks.KEYS);
    }
    assertThat(BundledPlaybooks.KEYS).hasSizeGreaterThanOrEqualTo(6);
  }
}
