package dev.vigil.workflows.playbook.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The interpreter stays plain Java: only the workflow shells around it know Temporal. */
class EngineIsPlainJavaTest {

  @Test
  void noEngineSourceImportsTemporal() throws IOException {
    Path dir = Path.of("src/main/java/dev/vigil/workflows/playbook/engine");
    List<Path> sources;
    try (Stream<Path> s = Files.list(dir)) {
      sources = s.filter(p -> p.toString().endsWith(".java")).toList();
    }
    assertThat(sources).hasSizeGreaterThan(10);
    for (Path p : sources) {
      assertThat(Files.readString(p)).as(p.getFileName().toString()).doesNotContain("io.temporal");
    }
  }
}
