package dev.vigil.detections.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TimesTest {

  private static Instant utc(String s) {
    return Times.parse(s, ZoneOffset.UTC);
  }

  @Test
  void readsEveryOffsetFormAndFractionLength() {
    Instant t = Instant.parse("2024-01-02T03:04:05Z");
    assertThat(utc("2024-01-02T03:04:05Z")).isEqualTo(t);
    assertThat(utc("2024-01-02T08:34:05+05:30")).isEqualTo(t);
    assertThat(utc("2024-01-02T08:34:05+0530")).isEqualTo(t);
    assertThat(utc("2024-01-01T22:04:05-05")).isEqualTo(t);
    assertThat(utc("2024-01-02 03:04:05")).isEqualTo(t);
    assertThat(utc("2024-01-02 03:04:05 +0000")).isEqualTo(t);
    assertThat(utc("2024-01-02T03:04")).isEqualTo(t.minusSeconds(5));
    assertThat(utc("2024-01-02T03:04:05.1Z")).isEqualTo(t.plusMillis(100));
    assertThat(utc("2024-01-02 03:04:05.936880")).isEqualTo(t.plusNanos(936_880_000));
    assertThat(utc("2024-01-02T03:04:05.123456789999Z")).isEqualTo(t.plusNanos(123_456_789));
  }

  @Test
  void timesWithoutOffsetAreInTheGivenZone() {
    assertThat(Times.parse("2024-07-01 12:00:00", ZoneId.of("Europe/Berlin")))
        .isEqualTo(Instant.parse("2024-07-01T10:00:00Z"));
  }

  @Test
  void rejectsWhatIsNotATimestamp() {
    for (String s :
        new String[] {
          "",
          "2024-01-02",
          "2024-13-02T03:04:05Z",
          "2024-02-30T00:00:00Z",
          "2024-01-02T25:00:00Z",
          "2024-01-02T03:04:05.Z",
          "2024-01-02T03:04:05+5",
          "2024-01-02T03:04:05+19:00",
          "2024-01-02T03:04:05Zjunk",
          "2024/01/02T03:04:05Z",
          "tomorrow at noon"
        }) {
      assertThat(utc(s)).as(s).isNull();
    }
    assertThat(utc(null)).isNull();
  }
}
