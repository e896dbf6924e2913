package dev.vigil.activities.scan;

import dev.vigil.activities.system.ActionException;
import dev.vigil.workflows.scan.ScanProfile;
import dev.vigil.workflows.scan.ScanTargets;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.xml.stream.XMLStreamException;

/**
 * Runs nmap: the profile's fixed arguments, {@code -oX} into a private temporary file, {@code
 * --stats-every} for progress, the targets last. nmap runs in a session of its own ({@code
 * setsid}), so stopping it — cancelled, or its worker shutting down — kills its whole process
 * group.
 */
public final class Nmap {

  /** Failure types. */
  public static final String MISSING = "NmapMissing";

  public static final String FAILED = "NmapFailed";

  /** The worker stopped mid-scan: retried (on this worker or another). */
  public static final String INTERRUPTED = "ScanInterrupted";

  /** Options every scan gets, after the profile's. */
  static final List<String> COMMON =
      List.of(
          "-n",
          "-T4",
          "--max-retries",
          "2",
          "--host-timeout",
          "30m",
          "--stats-every",
          "2s",
          "--no-stylesheet");

  private final String binary;
  private final Clock clock;

  /**
   * @param binary the nmap to run (a path, or a name looked up on PATH)
   */
  public Nmap(String binary, Clock clock) {
    this.binary = binary == null || binary.isBlank() ? "nmap" : binary;
    this.clock = clock;
  }

  /**
   * The command line for a scan ({@code xml} where nmap writes its report): setsid when the machine
   * has it, nmap, the profile's arguments, the common ones, {@code -6} for IPv6 targets.
   */
  List<String> command(
      ScanProfile profile, String ports, ScanTargets.Parsed targets, Path xml, boolean setsid) {
    List<String> cmd = new ArrayList<>();
    if (setsid) {
      cmd.add("setsid");
    }
    cmd.add(binary);
    cmd.addAll(profile.arguments(ports));
    cmd.addAll(COMMON);
    if (targets.v6()) {
      cmd.add("-6");
    }
    cmd.add("-oX");
    cmd.add(xml.toString());
    cmd.addAll(targets.arguments());
    return cmd;
  }

  /**
   * Runs the scan to its end and answers nmap's report; {@code progress} is told each time the
   * progress moves and may throw to stop the scan (the exception is rethrown once nmap is killed).
   */
  public NmapXml.Report run(
      ScanProfile profile,
      String ports,
      ScanTargets.Parsed targets,
      Consumer<Map<String, Object>> progress) {
    Path dir;
    try {
      dir = Files.createTempDirectory("vigil-scan-");
    } catch (IOException e) {
      throw new ActionException(FAILED, "cannot create a directory for nmap's report: " + e);
    }
    Path xml = dir.resolve("report.xml");
    if (locate(binary) == null) {
      delete(dir);
      throw missing();
    }
    List<String> cmd = command(profile, ports, targets, xml, locate("setsid") != null);
    Process p;
    try {
      p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    } catch (IOException e) {
      delete(dir);
      throw missing();
    }
    NmapProgress tracker = new NmapProgress(targets.addresses());
    Deque<String> tail = new ArrayDeque<>();
    java.util.concurrent.atomic.AtomicReference<Map<String, Object>> latest =
        new java.util.concurrent.atomic.AtomicReference<>(tracker.view(clock.instant()));
    // nmap's output is read on a thread of its own, so that this one (the activity's) heartbeats
    // every second and notices at once when it is cancelled or interrupted
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                  synchronized (tail) {
                    if (tail.size() == 20) {
                      tail.removeFirst();
                    }
                    tail.addLast(line);
                  }
                  if (tracker.read(line)) {
                    latest.set(tracker.view(clock.instant()));
                  }
                }
              } catch (IOException closed) {
                // nmap was killed: its exit is what counts
              }
            },
            "nmap-output");
    reader.setDaemon(true);
    reader.start();
    try {
      while (!p.waitFor(1, TimeUnit.SECONDS)) {
        progress.accept(latest.get()); // may throw: cancelled, or this worker lost the scan
      }
      reader.join(5_000);
      int exit = p.exitValue();
      if (exit != 0) {
        throw new ActionException(
            FAILED, "nmap exited with " + exit + ": " + String.join(" | ", lastLines(tail)));
      }
      if (Thread.currentThread().isInterrupted()) {
        throw new ActionException(INTERRUPTED, "the worker stopped during the scan");
      }
      try (InputStream in = Files.newInputStream(xml)) {
        NmapXml.Report report = NmapXml.parse(in);
        if ("error".equals(report.exit())) {
          throw new ActionException(FAILED, "nmap failed: " + report.errorMessage());
        }
        return report;
      } catch (IOException | XMLStreamException e) {
        throw new ActionException(FAILED, "nmap's report could not be read: " + e.getMessage());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ActionException(INTERRUPTED, "the worker stopped during the scan");
    } finally {
      kill(p);
      delete(dir);
    }
  }

  private static List<String> lastLines(Deque<String> tail) {
    List<String> out = new ArrayList<>();
    List<String> lines;
    synchronized (tail) {
      lines = new ArrayList<>(tail);
    }
    for (String l : lines) {
      if (!l.isBlank() && !l.startsWith("Stats:") && !l.contains(" Timing: ")) {
        out.add(l.trim());
      }
    }
    return out.size() > 4 ? out.subList(out.size() - 4, out.size()) : out;
  }

  /** Kills nmap's process group (and, without setsid, its process and descendants). */
  static void kill(Process p) {
    if (!p.isAlive()) {
      return;
    }
    long pid = p.pid();
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    try {
      new ProcessBuilder("kill", "-KILL", "--", "-" + pid)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start()
          .waitFor(5, TimeUnit.SECONDS);
    } catch (IOException e) {
      // no kill(1): the process itself is destroyed below
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    p.destroyForcibly();
    try {
      p.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private ActionException missing() {
    return new ActionException(
        MISSING,
        "nmap is not installed on this worker ("
            + binary
            + "): install it (apt-get install nmap) or set VIGIL_NMAP to its path");
  }

  /** The executable {@code name} (a path, or looked up on PATH), or null. */
  static Path locate(String name) {
    if (name.contains("/")) {
      Path p = Path.of(name);
      return Files.isExecutable(p) ? p : null;
    }
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  private static void delete(Path dir) {
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.deleteIfExists(f);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // a temporary directory left behind is removed with the others by the OS
    }
  }

  /** How long a scan has run, for the summary. */
  static Duration elapsed(NmapXml.Report r) {
    return r.elapsedSeconds() == null
        ? Duration.ZERO
        : Duration.ofMillis((long) (r.elapsedSeconds() * 1000));
  }
}
