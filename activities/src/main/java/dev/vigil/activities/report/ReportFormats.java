package dev.vigil.activities.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.vigil.store.file.CsvExport;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A {@link ReportDocument} as a file: PDF, CSV (its main table) or JSON (all of it). */
public final class ReportFormats {

  /** A rendered report: its bytes, file name, content type and (PDF) page count. */
  public record Rendered(byte[] bytes, String name, String contentType, int pages) {}

  private ReportFormats() {}

  /** Instants as ISO-8601 text, indented: a JSON report is read by people too. */
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(SerializationFeature.INDENT_OUTPUT);

  private static byte[] json(ReportDocument r) {
    try {
      return JSON.writeValueAsBytes(r);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a report that is not JSON", e);
    }
  }

  public static Rendered render(ReportDocument r, String format, String baseName) {
    return switch (format) {
      case "pdf" -> {
        PdfReport.Rendered pdf = PdfReport.render(r);
        yield new Rendered(pdf.bytes(), baseName + ".pdf", "application/pdf", pdf.pages());
      }
      case "csv" -> {
        List<List<Object>> rows = new ArrayList<>();
        for (List<String> row : r.main().rows()) {
          rows.add(new ArrayList<>(row));
        }
        yield new Rendered(
            CsvExport.write(r.main().columns(), rows).getBytes(StandardCharsets.UTF_8),
            baseName + ".csv",
            "text/csv",
            0);
      }
      case "json" -> new Rendered(json(r), baseName + ".json", "application/json", 0);
      default -> throw new IllegalArgumentException("no report format " + format);
    };
  }
}
