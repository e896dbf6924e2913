package dev.vigil.activities.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.activities.report.ReportDocument.Chart;
import dev.vigil.activities.report.ReportDocument.Figure;
import dev.vigil.activities.report.ReportDocument.Section;
import dev.vigil.activities.report.ReportDocument.Table;
import dev.vigil.playbook.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

class ReportFormatsTest {

  static ReportDocument doc(int rows) {
    List<List<String>> table = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      table.add(List.of("INC-" + i, "high", "Brute force against vpn-" + i));
    }
    table.add(List.of("INC-x", "low", "=HYPERLINK(\"http://evil.example\",\"click\")"));
    Table main = new Table(null, List.of("incident", "severity", "title"), table);
    return new ReportDocument(
        "executive_summary",
        "Executive summary",
        "Security operations, November 2026",
        "acme",
        "Acme Corp — Zürich ☃",
        "2026-11-01 – 2026-12-01 UTC",
        Instant.parse("2026-12-01T08:00:00Z"),
        List.of(
            new Section(
                "At a glance",
                List.of(new Figure("MTTA", "4 min 10 s"), new Figure("MTTR", "3 h 20 min")),
                List.of("Incidents opened in the period and how fast they were handled."),
                new Chart(
                    "Incidents by severity",
                    List.of("critical", "high", "low"),
                    List.of(2.0, 7.0, 0.0)),
                null),
            new Section("Incidents", List.of(), List.of(), null, main)),
        main);
  }

  @Test
  void thePdfHasACoverPageNumbersTheTenantAndEveryRowAcrossPages() throws Exception {
    ReportFormats.Rendered r = ReportFormats.render(doc(120), "pdf", "summary");
    assertThat(r.name()).isEqualTo("summary.pdf");
    try (PDDocument pdf = Loader.loadPDF(r.bytes())) {
      int pages = pdf.getNumberOfPages();
      assertThat(pages).isEqualTo(r.pages()).isGreaterThanOrEqualTo(4);
      PDFTextStripper s = new PDFTextStripper();
      s.setStartPage(1);
      s.setEndPage(1);
      String cover = s.getText(pdf);
      assertThat(cover)
          .contains("Executive summary")
          .contains("Acme Corp — Zürich ?")
          .contains("2026-11-01 – 2026-12-01 UTC")
          .contains("2026-12-01 08:00 UTC")
          .contains("page 1 of " + pages);
      String all = new PDFTextStripper().getText(pdf);
      for (int i = 0; i < 120; i++) {
        assertThat(all).contains("Brute force against vpn-" + i + "\n");
      }
      assertThat(all).as("a formula is text in a PDF").contains("=HYPERLINK");
      assertThat(all).contains("Incidents by severity").contains("MTTR").contains("3 h 20 min");
      assertThat(all).contains("page " + pages + " of " + pages);
      // the table's header repeats on the pages it runs onto
      s.setStartPage(pages);
      s.setEndPage(pages);
      assertThat(s.getText(pdf)).contains("incident").contains("severity");
      assertThat(pdf.getDocumentInformation().getAuthor()).isEqualTo("Acme Corp — Zürich ?");
    }
  }

  @Test
  void theCsvIsTheMainTableWithFormulasNeutralised() {
    ReportFormats.Rendered r = ReportFormats.render(doc(2), "csv", "summary");
    String csv = new String(r.bytes(), StandardCharsets.UTF_8);
    assertThat(csv)
        .isEqualTo(
            "incident,severity,title\r\n"
                + "INC-0,high,Brute force against vpn-0\r\n"
                + "INC-1,high,Brute force against vpn-1\r\n"
                + "INC-x,low,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\"\r\n");
    assertThat(r.contentType()).isEqualTo("text/csv");
  }

  @Test
  void theJsonIsTheWholeReport() throws Exception {
    ReportFormats.Rendered r = ReportFormats.render(doc(1), "json", "summary");
    var j = Json.parse(new String(r.bytes(), StandardCharsets.UTF_8));
    assertThat(j.at("/tenantName").asText()).isEqualTo("Acme Corp — Zürich ☃");
    assertThat(j.at("/sections/0/chart/values").toString()).isEqualTo("[2.0,7.0,0.0]");
    assertThat(j.at("/main/rows/1/2").asText()).startsWith("=HYPERLINK");
    assertThat(j.at("/generatedAt").asText()).isEqualTo("2026-12-01T08:00:00Z");
  }
}
