package dev.vigil.detections.dlp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Data-loss-prevention scan of text: the bundled patterns (payment card numbers that pass the Luhn
 * check and carry a card network's prefix, AWS access key ids, PEM private keys, US social security
 * numbers, UK national insurance numbers, IBANs that pass their mod-97 check) and a tenant's own
 * regular expressions. The text is read line by line, so a file of any size is scanned in constant
 * memory; a pattern matches within a line.
 */
public final class DlpScanner {

  /**
   * A pattern: its name, the expression, a check a match must also pass, and a cheap test a line
   * must pass for the expression to match in it at all (a necessary condition, so a line that fails
   * it is not handed to the regular expression engine).
   */
  public record Rule(
      String name, Pattern pattern, Predicate<String> check, Predicate<String> mayMatch) {}

  /** What one pattern found: how often, the first line, and that first match masked. */
  public record Finding(String pattern, int count, long firstLine, String sample) {}

  /** The bundled patterns, by name. */
  public static final List<Rule> BUNDLED =
      List.of(
          new Rule(
              "payment_card",
              Pattern.compile("(?<![\\d-])(?:\\d[ -]?){12,18}\\d(?![\\d-])"),
              DlpScanner::isCardNumber,
              line -> digitRun(line, 13, " -")),
          new Rule(
              "aws_access_key",
              Pattern.compile("(?<![A-Z0-9])(?:AKIA|ASIA|AIDA|AROA)[A-Z0-9]{16}(?![A-Z0-9])"),
              m -> true,
              line ->
                  line.contains("AKIA")
                      || line.contains("ASIA")
                      || line.contains("AIDA")
                      || line.contains("AROA")),
          new Rule(
              "private_key",
              Pattern.compile(
                  "-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----"),
              m -> true,
              line -> line.contains("PRIVATE KEY")),
          new Rule(
              "us_ssn",
              Pattern.compile(
                  "(?<![\\d-])(?!000|666|9\\d\\d)\\d{3}-(?!00)\\d{2}-(?!0000)\\d{4}(?![\\d-])"),
              m -> true,
              line -> digitRun(line, 9, "-")),
          new Rule(
              "uk_nino",
              Pattern.compile(
                  "(?<![A-Z0-9])(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
                      + " ?\\d{2} ?\\d{2} ?\\d{2} ?[A-D](?![A-Z0-9])"),
              m -> true,
              line -> lettersThenDigits(line, true, 1)),
          new Rule(
              "iban",
              Pattern.compile(
                  "(?<![A-Z0-9])[A-Z]{2}\\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?(?![A-Z0-9])"),
              DlpScanner::isIban,
              line -> lettersThenDigits(line, false, 2)));

  private static final int MAX_LINE = 1 << 20;

  private final List<Rule> rules;

  private DlpScanner(List<Rule> rules) {
    this.rules = rules;
  }

  /** The bundled patterns and {@code custom} (name → regular expression). */
  public static DlpScanner of(Map<String, String> custom) {
    List<Rule> all = new ArrayList<>(BUNDLED);
    custom.forEach(
        (name, regex) -> all.add(new Rule(name, compile(regex), m -> true, line -> true)));
    return new DlpScanner(all);
  }

  /**
   * Compiles a tenant's pattern.
   *
   * @throws IllegalArgumentException with the reason when it is not a regular expression
   */
  public static Pattern compile(String regex) {
    if (regex == null || regex.isBlank() || regex.length() > 500) {
      throw new IllegalArgumentException("a pattern is a regular expression of 1–500 characters");
    }
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "not a regular expression: " + e.getDescription() + " at " + e.getIndex());
    }
  }

  /** Scans at most {@code maxChars} characters of {@code text}; one finding per pattern found. */
  public List<Finding> scan(Reader text, long maxChars) throws IOException {
    Map<String, int[]> counts = new LinkedHashMap<>();
    Map<String, Finding> first = new LinkedHashMap<>();
    BufferedReader in = text instanceof BufferedReader b ? b : new BufferedReader(text, 1 << 16);
    long read = 0;
    long lineNo = 0;
    String line;
    while (read < maxChars && (line = in.readLine()) != null) {
      lineNo++;
      read += line.length() + 1;
      if (line.length() > MAX_LINE) {
        line = line.substring(0, MAX_LINE);
      }
      for (Rule r : rules) {
        if (!r.mayMatch().test(line)) {
          continue;
        }
        Matcher m = r.pattern().matcher(line);
        while (m.find()) {
          String hit = m.group();
          if (!r.check().test(hit)) {
            continue;
          }
          counts.computeIfAbsent(r.name(), k -> new int[1])[0]++;
          if (!first.containsKey(r.name())) {
            first.put(r.name(), new Finding(r.name(), 0, lineNo, mask(hit)));
          }
        }
      }
    }
    List<Finding> out = new ArrayList<>();
    first.forEach(
        (name, f) -> out.add(new Finding(name, counts.get(name)[0], f.firstLine(), f.sample())));
    return out;
  }

  /**
   * Whether {@code line} holds {@code need} digits in a row where one of {@code separators} may
   * stand between two digits.
   */
  static boolean digitRun(String line, int need, String separators) {
    int run = 0;
    boolean separated = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (isDigit(c)) {
        if (++run >= need) {
          return true;
        }
        separated = false;
      } else if (run > 0 && !separated && separators.indexOf(c) >= 0) {
        separated = true;
      } else {
        run = 0;
        separated = false;
      }
    }
    return false;
  }

  /**
   * Whether {@code line} holds two capital letters followed by {@code digits} digits, with one
   * space allowed after the letters when {@code space}.
   */
  static boolean lettersThenDigits(String line, boolean space, int digits) {
    for (int i = 0; i + 1 + digits < line.length(); i++) {
      if (!isCapital(line.charAt(i)) || !isCapital(line.charAt(i + 1))) {
        continue;
      }
      int j = i + 2;
      if (space && line.charAt(j) == ' ') {
        j++;
      }
      int k = 0;
      while (k < digits && j + k < line.length() && isDigit(line.charAt(j + k))) {
        k++;
      }
      if (k == digits) {
        return true;
      }
    }
    return false;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isCapital(char c) {
    return c >= 'A' && c <= 'Z';
  }

  /** The match with all but its last four letters and digits replaced by {@code *}. */
  static String mask(String hit) {
    int keep = 4;
    StringBuilder b = new StringBuilder(hit.length());
    int alnum = 0;
    for (int i = 0; i < hit.length(); i++) {
      if (Character.isLetterOrDigit(hit.charAt(i))) {
        alnum++;
      }
    }
    int seen = 0;
    for (int i = 0; i < hit.length(); i++) {
      char c = hit.charAt(i);
      if (Character.isLetterOrDigit(c)) {
        seen++;
        b.append(seen > alnum - keep ? c : '*');
      } else {
        b.append(c);
      }
    }
    return b.length() > 80 ? b.substring(0, 80) + "…" : b.toString();
  }

  /** 13–19 digits with a card network's prefix that pass the Luhn check. */
  static boolean isCardNumber(String hit) {
    String d = hit.replaceAll("[ -]", "");
    if (d.length() < 13 || d.length() > 19 || !knownNetwork(d)) {
      return false;
    }
    int sum = 0;
    boolean twice = false;
    for (int i = d.length() - 1; i >= 0; i--) {
      int n = d.charAt(i) - '0';
      if (twice) {
        n *= 2;
        if (n > 9) {
          n -= 9;
        }
      }
      sum += n;
      twice = !twice;
    }
    return sum % 10 == 0;
  }

  private static boolean knownNetwork(String d) {
    int two = Integer.parseInt(d.substring(0, 2));
    int four = Integer.parseInt(d.substring(0, 4));
    return d.charAt(0) == '4' // Visa
        || (two >= 51 && two <= 55)
        || (four >= 2221 && four <= 2720) // Mastercard
        || two == 34
        || two == 37 // American Express
        || d.startsWith("6011")
        || two == 65
        || (four >= 6440 && four <= 6499) // Discover
        || (four >= 3528 && four <= 3589) // JCB
        || two == 36
        || two == 38
        || (four >= 3000 && four <= 3059) // Diners Club
        || d.startsWith("62"); // UnionPay
  }

  /** An IBAN: country letters, check digits, 11–30 more characters, remainder 1 modulo 97. */
  static boolean isIban(String hit) {
    String s = hit.replace(" ", "");
    if (s.length() < 15 || s.length() > 34) {
      return false;
    }
    String moved = s.substring(4) + s.substring(0, 4);
    int rem = 0;
    for (int i = 0; i < moved.length(); i++) {
      char c = moved.charAt(i);
      int v = Character.isDigit(c) ? c - '0' : c - 'A' + 10;
      rem = v > 9 ? (rem * 100 + v) % 97 : (rem * 10 + v) % 97;
    }
    return rem == 1;
  }
}
