package dev.vigil.standalone;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shared real datasets ({@code ../shared/datasets}), found from the working directory. */
final class Datasets {

  private Datasets() {}

  static Path path(String relative) {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("shared").resolve("datasets").resolve(relative);
      if (Files.exists(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "shared/datasets/" + relative + " not found above " + Path.of("").toAbsolutePath());
  }
}
