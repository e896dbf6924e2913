package dev.vigil.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/** CSV exports: RFC 4180 quoting, and no cell a spreadsheet would run as a formula. */
class CsvExportTest {

  @Test
  void formulasAreNeutralisedAndQuotingRoundTrips() throws Exception {
    String csv =
        CsvExport.write(
            List.of("host", "port", "product"),
            List.of(
                Arrays.asList("10.0.0.5", 443, "=HYPERLINK(\"http://evil\",\"x\")"),
                Arrays.asList("10.0.0.6", 22, "+cmd|' /C calc'!A0"),
                Arrays.asList("10.0.0.7", 80, "-2+3"),
                Arrays.asList("10.0.0.8", 25, "@SUM(1)"),
                Arrays.asList("10.0.0.9", 21, "\tTAB"),
                Arrays.asList("10.0.0.10", 8080, "nginx, \"quoted\"\nline two"),
                Arrays.asList("10.0.0.11", 53, null)));
    List<CSVRecord> rows =
        CSVFormat.RFC4180
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .get()
            .parse(new StringReader(csv))
            .getRecords();
    assertThat(rows).hasSize(7);
    assertThat(rows.subList(0, 5)).allSatisfy(r -> assertThat(r.get("product")).startsWith("'"));
    assertThat(rows.get(0).get("product")).isEqualTo("'=HYPERLINK(\"http://evil\",\"x\")");
    assertThat(rows.get(5).get("product")).isEqualTo("nginx, \"quoted\"\nline two");
    assertThat(rows.get(6).get("product")).isEmpty();
    assertThat(rows.get(1).get("port")).as("numbers stay numbers").isEqualTo("22");
    assertThat(csv).contains("\r\n");
  }
}
