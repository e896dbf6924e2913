package dev.vigil.activities.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Progress from the lines nmap 7.93 printed with {@code --stats-every} (copied from its output).
 */
class NmapProgressTest {

  static final Instant NOW = Instant.parse("2026-12-02T05:41:00Z");

  @Test
  void aPhasePercentCountsForTheHostsUndergoingItAndTheEtaIsNowPlusWhatRemains() {
    NmapProgress p = new NmapProgress(1);
    assertThat(
            p.read("Stats: 0:00:01 elapsed; 0 hosts completed (1 up), 1 undergoing Connect Scan"))
        .isTrue();
    assertThat(p.read("Connect Scan Timing: About 11.47% done; ETC: 05:41 (0:00:08 remaining)"))
        .isTrue();
    var v = p.view(NOW);
    assertThat(v.get("percent")).isEqualTo(11.5);
    assertThat(v.get("phase")).isEqualTo("Connect Scan");
    assertThat(v.get("eta")).isEqualTo("2026-12-02T05:41:08Z");
    assertThat(v.get("elapsedSeconds")).isEqualTo(1L);
    assertThat(p.read("22/tcp    closed ssh")).isFalse();
  }

  @Test
  void overManyHostsCompletedOnesCountWholeAndTheBarNeverGoesBack() {
    NmapProgress p = new NmapProgress(256);
    p.read("Stats: 0:00:05 elapsed; 250 hosts completed (6 up), 6 undergoing Connect Scan");
    p.read("Connect Scan Timing: About 50.00% done; ETC: 05:42 (0:00:05 remaining)");
    double first = p.percent();
    assertThat(first).isEqualTo(100.0 * (250 + 3) / 256);
    // the next phase starts again at 0%: the bar stays where it was
    p.read("Stats: 0:00:09 elapsed; 250 hosts completed (6 up), 6 undergoing Service Scan");
    p.read("Service scan Timing: About 0.00% done");
    assertThat(p.percent()).isEqualTo(first);
    assertThat(p.view(NOW).get("hostsUp")).isEqualTo(6);
    assertThat(p.view(NOW).get("eta")).isNull();
    // and it never reads 100% before nmap has finished
    p.read("Stats: 0:00:20 elapsed; 256 hosts completed (6 up), 0 undergoing Service Scan");
    assertThat(p.percent()).isEqualTo(99.0);
  }
}
