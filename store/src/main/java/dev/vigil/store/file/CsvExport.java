package dev.vigil.store.file;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * CSV as RFC 4180 writes it (Commons CSV), with every cell that a spreadsheet would read as a
 * formula — starting with {@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage return —
 * prefixed with {@code '} (OWASP's CSV injection advice): scanned banners and names are the scanned
 * party's text, not ours.
 */
public final class CsvExport {

  private CsvExport() {}

  public static String write(List<String> header, List<List<Object>> rows) {
    StringWriter out = new StringWriter();
    try (CSVPrinter p =
        new CSVPrinter(
            out, CSVFormat.RFC4180.builder().setHeader(header.toArray(String[]::new)).get())) {
      for (List<Object> row : rows) {
        p.printRecord(row.stream().map(CsvExport::cell).toList());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  static String cell(Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof Number) {
      return v.toString();
    }
    String s = v.toString();
    if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
      return "'" + s;
    }
    return s;
  }
}
