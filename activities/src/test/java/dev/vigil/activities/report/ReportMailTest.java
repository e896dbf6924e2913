package dev.vigil.activities.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.store.file.FileRepository.StoredFile;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The e-mail a scheduled report goes out in: attached up to 20 MiB, named beyond. */
class ReportMailTest {

  static StoredFile file(long size) {
    return new StoredFile(
        "f-1",
        "executive-summary-20261130-0700.pdf",
        "ab".repeat(32),
        size,
        "application/pdf",
        "report",
        List.of("report"),
        "incident.read",
        "schedule:weekly",
        Instant.parse("2026-11-30T07:00:00Z"),
        false,
        List.of());
  }

  @Test
  void aReportUpTo20MiBIsAttached() {
    StoredFile f = file(20L << 20);
    assertThat(ReportActivitiesImpl.attached(f)).isTrue();
    assertThat(ReportActivitiesImpl.mailText("Executive summary", "P", "weekly", f))
        .isEqualTo(
            "Executive summary for P, sent by schedule weekly.\n\nThe report is attached"
                + " (executive-summary-20261130-0700.pdf, 20971520 bytes).\n");
  }

  @Test
  void aLargerOneIsNamedForDownloadsInstead() {
    StoredFile f = file((20L << 20) + 1);
    assertThat(ReportActivitiesImpl.attached(f)).isFalse();
    assertThat(ReportActivitiesImpl.mailText("Audit report", "P", null, f))
        .isEqualTo(
            "Audit report for P.\n\nThe report is too large to attach; it is in Vigil's Downloads"
                + " as executive-summary-20261130-0700.pdf (file f-1).\n");
  }
}
