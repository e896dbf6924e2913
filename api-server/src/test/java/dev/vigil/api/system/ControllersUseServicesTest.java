package dev.vigil.api.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** One way for the API: controllers map HTTP to services; only services reach the store. */
class ControllersUseServicesTest {

  @Test
  void noControllerUsesARepository() throws IOException {
    List<Path> controllers;
    try (Stream<Path> s = Files.walk(Path.of("src/main/java/dev/vigil/api"))) {
      controllers = s.filter(p -> p.toString().endsWith("Controller.java")).toList();
    }
    assertThat(controllers).hasSizeGreaterThanOrEqualTo(8);
    for (Path c : controllers) {
      assertThat(Files.readString(c))
          .as(c.getFileName().toString())
          .doesNotContainPattern("import dev\\.vigil\\.store\\.[\\w.]*Repository;");
    }
  }
}
