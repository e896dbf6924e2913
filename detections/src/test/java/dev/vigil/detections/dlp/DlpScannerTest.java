package dev.vigil.detections.dlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DlpScannerTest {

  static List<String> found(String text) throws Exception {
    return DlpScanner.of(Map.of()).scan(new StringReader(text), Long.MAX_VALUE).stream()
        .map(f -> f.pattern() + "×" + f.count())
        .toList();
  }

  @Test
  void cardNumbersCountOnlyWithANetworksPrefixAndAValidLuhnDigit() throws Exception {
    // the networks' published test numbers
    assertThat(found("visa 4111111111111111, mc 5555-5555-5555-4444, amex 3782 822463 10005"))
        .containsExactly("payment_card×3");
    assertThat(found("4111111111111112")).as("Luhn fails").isEmpty();
    assertThat(found("0000000000000000")).as("no network starts with 0").isEmpty();
    assertThat(found("order 79927398713")).as("Luhn-valid but 11 digits").isEmpty();
    assertThat(found("id 41111111111111110000")).as("22 digits").isEmpty();
  }

  @Test
  void keysIdsAndAccountNumbers() throws Exception {
    assertThat(found("aws_access_key_id = AKIAIOSFODNN7EXAMPLE"))
        .containsExactly("aws_access_key×1");
    assertThat(found("XAKIAIOSFODNN7EXAMPLE")).as("inside a longer token").isEmpty();
    assertThat(found("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n"))
        .containsExactly("private_key×1");
    assertThat(found("-----BEGIN PUBLIC KEY-----")).isEmpty();
    assertThat(found("ssn 123-45-6789")).containsExactly("us_ssn×1");
    assertThat(found("ssn 000-45-6789 666-45-6789 123-00-6789")).isEmpty();
    assertThat(found("NI number AB 12 34 56 C")).containsExactly("uk_nino×1");
    // IBANs: the registry's examples; one digit changed fails mod 97
    assertThat(found("GB82 WEST 1234 5698 7654 32 and DE89370400440532013000"))
        .containsExactly("iban×2");
    assertThat(found("GB82 WEST 1234 5698 7654 33")).isEmpty();
  }

  @Test
  void findingsCountEveryMatchAndMaskTheFirst() throws Exception {
    var f =
        DlpScanner.of(Map.of())
            .scan(new StringReader("a\nb 4111111111111111\nc 4012888888881881\n"), Long.MAX_VALUE);
    assertThat(f).hasSize(1);
    assertThat(f.get(0).count()).isEqualTo(2);
    assertThat(f.get(0).firstLine()).isEqualTo(2);
    assertThat(f.get(0).sample()).isEqualTo("************1111");
  }

  @Test
  void aTenantsPatternsAreCheckedWhenSetAndScannedNextToTheBundledOnes() throws Exception {
    var s = DlpScanner.of(Map.of("ticket", "CASE-\\d{5}"));
    assertThat(s.scan(new StringReader("see CASE-12345"), 1000))
        .extracting(DlpScanner.Finding::pattern)
        .containsExactly("ticket");
    assertThatThrownBy(() -> DlpScanner.compile("(unclosed"))
        .hasMessageContaining("not a regular expression");
    assertThatThrownBy(() -> DlpScanner.compile(" ")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theScanStopsAtItsCharacterBudget() throws Exception {
    String text = "x".repeat(100) + "\n4111111111111111\n";
    assertThat(DlpScanner.of(Map.of()).scan(new StringReader(text), 50)).isEmpty();
  }

  @Test
  void aLineThatFailsAPatternsQuickTestIsOneThePatternCannotMatch() {
    // random lines built from the pieces the patterns are made of: whenever the expression finds
    // something in a line, the quick test must have let the line through
    Random random = new Random(42);
    String[] pieces = {
      "-----BEGIN RSA PRIVATE KEY-----",
      "PRIVATE KEY",
      "AKIA",
      "ASIA",
      "AROA",
      "AIDA",
      "GB",
      "AB",
      "QQ",
      "ZZ",
      " ",
      " ",
      "-",
      "-",
      "--",
      "x",
      "id=",
      ",",
      "T",
      "C",
      "D"
    };
    Map<String, Integer> matched = new HashMap<>();
    for (int n = 0; n < 200_000; n++) {
      StringBuilder line = new StringBuilder();
      int parts = 1 + random.nextInt(10);
      for (int p = 0; p < parts; p++) {
        switch (random.nextInt(5)) {
          case 0, 1 -> {
            int len = 1 + random.nextInt(random.nextBoolean() ? 4 : 19);
            for (int i = 0; i < len; i++) {
              line.append((char) ('0' + random.nextInt(10)));
            }
          }
          case 2 -> {
            int len = 1 + random.nextInt(16);
            for (int i = 0; i < len; i++) {
              int c = random.nextInt(36);
              line.append((char) (c < 10 ? '0' + c : 'A' + c - 10));
            }
          }
          case 3 ->
              line.append(
                  String.format(
                      "%03d-%02d-%04d",
                      random.nextInt(1000), random.nextInt(100), random.nextInt(10000)));
          default -> line.append(pieces[random.nextInt(pieces.length)]);
        }
      }
      String text = line.toString();
      for (DlpScanner.Rule r : DlpScanner.BUNDLED) {
        if (r.pattern().matcher(text).find()) {
          matched.merge(r.name(), 1, Integer::sum);
          assertThat(r.mayMatch().test(text)).as(r.name() + " on " + text).isTrue();
        }
      }
    }
    assertThat(matched.keySet())
        .as("the lines gave every pattern something to find")
        .containsExactlyInAnyOrder(
            DlpScanner.BUNDLED.stream().map(DlpScanner.Rule::name).toArray(String[]::new));
  }

  @Test
  void quickTestsPassTheShapesTheyStandFor() {
    assertThat(DlpScanner.digitRun("5555-5555 5555-4444", 13, " -")).isTrue();
    assertThat(DlpScanner.digitRun("5555--5555-5555-4444", 13, " -")).isFalse();
    assertThat(DlpScanner.digitRun("2026-11-12T10:00:00Z", 9, "-")).isFalse();
    assertThat(DlpScanner.lettersThenDigits("NI AB 12 34 56 C", true, 1)).isTrue();
    assertThat(DlpScanner.lettersThenDigits("NI AB x", true, 1)).isFalse();
    assertThat(DlpScanner.lettersThenDigits("DE89370400440532013000", false, 2)).isTrue();
    assertThat(DlpScanner.lettersThenDigits("D89", false, 2)).isFalse();
  }
}
