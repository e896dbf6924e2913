package dev.vigil.activities.report;

import java.time.Instant;
import java.util.List;

/**
 * A report, independent of its format: a cover (title, subtitle, the tenant, the period), sections
 * of key figures, paragraphs, a bar chart and a table, and the main table — the one a CSV export
 * carries. Built from the store by {@link ReportBuilders}, drawn by {@link PdfReport}, written as
 * CSV or JSON by {@link ReportFormats}.
 */
public record ReportDocument(
    String type,
    String title,
    String subtitle,
    String tenant,
    String tenantName,
    String period,
    Instant generatedAt,
    List<Section> sections,
    Table main) {

  /** One part of the report; every member but the heading may be empty. */
  public record Section(
      String heading, List<Figure> figures, List<String> paragraphs, Chart chart, Table table) {

    public Section {
      figures = figures == null ? List.of() : List.copyOf(figures);
      paragraphs = paragraphs == null ? List.of() : List.copyOf(paragraphs);
    }
  }

  /** A key figure: "MTTR" → "3 h 20 min". */
  public record Figure(String label, String value) {}

  /** A bar chart of labelled values. */
  public record Chart(String title, List<String> labels, List<Double> values) {
    public Chart {
      if (labels.size() != values.size()) {
        throw new IllegalArgumentException("a chart needs one value per label");
      }
    }
  }

  /** Rows of text under named columns. */
  public record Table(String title, List<String> columns, List<List<String>> rows) {}
}
