package dev.vigil.detections.format;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.playbook.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The shared test datasets ({@code shared/datasets}), read in place: they are third-party fixtures
 * and are never copied into the project tree. Found by walking up from the working directory.
 */
final class Datasets {

  private static final Path ROOT = find();

  private Datasets() {}

  private static Path find() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("shared").resolve("datasets");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "no shared/datasets above " + Path.of("").toAbsolutePath() + ": the tests need it");
  }

  static Path path(String relative) {
    return ROOT.resolve(relative);
  }

  /** The lines of a file with their {@code \r} kept (only {@code \n} splits), no trailing empty. */
  static List<String> rawLines(String relative) {
    try {
      String text = Files.readString(path(relative), StandardCharsets.UTF_8);
      List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
      while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
        lines.remove(lines.size() - 1);
      }
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One JSON value a non-blank line. */
  static List<JsonNode> jsonLines(String relative) {
    List<JsonNode> out = new ArrayList<>();
    for (String line : rawLines(relative)) {
      if (!line.isBlank()) {
        try {
          out.add(Json.parse(line));
        } catch (IOException e) {
          throw new UncheckedIOException(relative + ": " + e.getMessage(), e);
        }
      }
    }
    return out;
  }

  /** The files under a dataset directory whose names end with {@code suffix}, sorted. */
  static List<Path> files(String dir, String suffix) {
    try (Stream<Path> s = Files.walk(path(dir))) {
      return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String relative(Path p) {
    return ROOT.relativize(p).toString();
  }
}
