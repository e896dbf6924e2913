package dev.vigil.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The repository the deployment files live in (tests run in deploy/, or at the root). */
final class Repo {

  static final Path ROOT = findRoot();

  private Repo() {}

  static Path path(String relative) {
    return ROOT.resolve(relative);
  }

  static String read(String relative) {
    try {
      return Files.readString(path(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path findRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      Path pom = dir.resolve("pom.xml");
      try {
        if (Files.isRegularFile(pom)
            && Files.readString(pom).contains("<artifactId>vigil-parent</artifactId>")
            && Files.isDirectory(dir.resolve("deploy"))) {
          return dir;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException(
        "not inside the Vigil repository: " + Path.of("").toAbsolutePath());
  }
}
