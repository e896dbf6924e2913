package dev.vigil.activities.scan;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A running scan's progress, from the lines {@code --stats-every} makes nmap print:
 *
 * <pre>
 * Stats: 0:00:01 elapsed; 0 hosts completed (1 up), 1 undergoing Connect Scan
 * Connect Scan Timing: About 11.47% done; ETC: 05:41 (0:00:08 remaining)
 * </pre>
 *
 * The percent is over all the target's addresses: hosts completed count whole, the hosts undergoing
 * the current phase count by its percent. It never goes back (a new phase restarts nmap's own
 * percent) and stays below 100 until nmap has finished.
 */
final class NmapProgress {

  private static final Pattern STATS =
      Pattern.compile(
          "^Stats: (\\d+):(\\d\\d):(\\d\\d) elapsed; (\\d+) hosts? completed \\((\\d+) up\\), (\\d+) undergoing (.+)$");
  private static final Pattern TIMING =
      Pattern.compile(
          "^(.+) Timing: About ([0-9.]+)% done(?:; ETC: [0-9:]+ \\((\\d+):(\\d\\d):(\\d\\d) remaining\\))?");

  private final long addresses;
  private double percent;
  private int hostsDone;
  private int hostsUp;
  private int undergoing;
  private String phase;
  private Duration remaining;
  private Duration elapsed = Duration.ZERO;

  NmapProgress(long addresses) {
    this.addresses = Math.max(1, addresses);
  }

  /** Reads one line of nmap's output; true when it changed the progress. */
  boolean read(String line) {
    Matcher s = STATS.matcher(line.trim());
    if (s.matches()) {
      elapsed = hms(s.group(1), s.group(2), s.group(3));
      hostsDone = Integer.parseInt(s.group(4));
      hostsUp = Integer.parseInt(s.group(5));
      undergoing = Integer.parseInt(s.group(6));
      phase = s.group(7).trim();
      advance(0);
      return true;
    }
    Matcher t = TIMING.matcher(line.trim());
    if (t.find()) {
      phase = t.group(1).trim();
      double phasePercent = Double.parseDouble(t.group(2));
      remaining = t.group(3) == null ? null : hms(t.group(3), t.group(4), t.group(5));
      advance(phasePercent);
      return true;
    }
    return false;
  }

  private void advance(double phasePercent) {
    double done = hostsDone + undergoing * Math.min(100, phasePercent) / 100.0;
    percent = Math.max(percent, Math.min(99.0, 100.0 * done / addresses));
  }

  /** The progress as the API shows it: percent, hostsDone, hostsUp, phase, elapsed, eta. */
  Map<String, Object> view(Instant now) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("percent", Math.round(percent * 10) / 10.0);
    v.put("hostsDone", hostsDone);
    v.put("hostsUp", hostsUp);
    v.put("hostsTotal", addresses);
    v.put("phase", phase);
    v.put("elapsedSeconds", elapsed.toSeconds());
    v.put("eta", remaining == null ? null : now.plus(remaining).toString());
    return v;
  }

  /** The progress of a finished scan. */
  static Map<String, Object> done(long addresses, int hostsUp, Duration elapsed) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("percent", 100.0);
    v.put("hostsDone", addresses);
    v.put("hostsUp", hostsUp);
    v.put("hostsTotal", addresses);
    v.put("phase", "done");
    v.put("elapsedSeconds", elapsed.toSeconds());
    v.put("eta", null);
    return v;
  }

  double percent() {
    return percent;
  }

  private static Duration hms(String h, String m, String s) {
    return Duration.ofHours(Long.parseLong(h))
        .plusMinutes(Long.parseLong(m))
        .plusSeconds(Long.parseLong(s));
  }
}
