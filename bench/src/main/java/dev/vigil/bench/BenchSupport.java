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

  /** This process's resident memory, from /proc; -1 where there is none. */
  static long rss() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  /** The p-th percentile (nearest rank). */
  static long pct(java.util.Collection<Long> xs, int p) {
    java.util.List<Long> s = new java.util.ArrayList<>(xs);
    java.util.Collections.sort(s);
    return s.isEmpty()
        ? 0
        : s.get(Math.min(s.size() - 1, (int) Math.ceil(p / 100.0 * s.size()) - 1));
  }

  static String row(String k, String v) {
    return "| " + k + " | " + v + " |";
  }

  static String fmt(double d) {
    return String.format(java.util.Locale.ROOT, "%.2f", d);
  }

  static String mb(long bytes) {
    return bytes < 0 ? "n/a" : (bytes / (1024 * 1024)) + " MiB";
  }
}
