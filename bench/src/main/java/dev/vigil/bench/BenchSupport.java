package dev.vigil.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/** What both benchmarks share: the machine line, the shared datasets, a free port, the tables. */
final class BenchSupport {

  private BenchSupport() {}

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name"))
          .findFirst()
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .orElse("unknown CPU");
    } catch (IOException e) {
      return "unknown CPU";
    }
  }

  /** Replaces the section between {@code <!-- NAME:begin -->} and {@code <!-- NAME:end -->}. */
  static void write(Path file, String table, String name) throws IOException {
    String begin = "<!-- " + name + ":begin -->";
    String end = "<!-- " + name + ":end -->";
    String text = Files.exists(file) ? Files.readString(file) : "";
    String block = begin + "\n" + table + "\n" + end;
    int b = text.indexOf(begin);
    int e = text.indexOf(end);
    text =
        b >= 0 && e > b
            ? text.substring(0, b) + block + text.substring(e + end.length())
            : text + "\n" + block + "\n";
    Files.writeString(file, text);
  }

  /** The CPU, cores and JDK, as the tables print them. */
  static String machine() {
    return cpuModel()
        + ", "
        + Runtime.getRuntime().availableProcessors()
        + " cores, JDK "
        + System.getProperty("java.version");
  }

  /**
   * A file of the shared datasets ({@code ../shared/datasets}), found from the working directory.
   */
  static Path dataset(String relative) {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("shared").resolve("datasets").resolve(relative);
      if (Files.exists(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("shared/datasets/" + relative + " not found");
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
