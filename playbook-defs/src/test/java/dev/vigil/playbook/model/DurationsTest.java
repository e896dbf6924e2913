package dev.vigil.playbook.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void parsesCompactAndIsoForms() {
    assertThat(Durations.parse("30s")).contains(Duration.ofSeconds(30));
    assertThat(Durations.parse("1h30m")).contains(Duration.ofMinutes(90));
    assertThat(Durations.parse("2w")).contains(Duration.ofDays(14));
    assertThat(Durations.parse("500ms")).contains(Duration.ofMillis(500));
    assertThat(Durations.parse("PT15M")).contains(Duration.ofMinutes(15));
    assertThat(Durations.parse("P1D")).contains(Duration.ofDays(1));
  }

  @Test
  void rejectsWhatIsNotAPositiveDuration() {
    for (String bad :
        new String[] {"30", "5 min", "ten minutes", "0s", "PT-1M", "", "1h 30m", "-5s"}) {
      assertThat(Durations.parse(bad)).as(bad).isEmpty();
    }
  }
}
