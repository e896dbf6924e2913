package dev.vigil.detections.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.vigil.detections.event.Event;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SshdSyslogFormatTest {

  private static final String LOG = "auth-logs/loghub-openssh/OpenSSH_2k.log";
  private static final String CSV = "auth-logs/loghub-openssh/OpenSSH_2k.log_structured.csv";
  private static final ParseContext Y2016 =
      new ParseContext(2016, ZoneOffset.UTC, Instant.parse("2017-01-01T00:00:00Z"));

  private final SshdSyslogFormat format = new SshdSyslogFormat();

  /** What each loghub template is, written from the templates, not from the parser. */
  private static final Map<String, String> TEMPLATE_CLASS = new HashMap<>();

  static {
    TEMPLATE_CLASS.put("E1", "authentication/logon/success");
    for (String e : List.of("E8", "E9", "E10", "E14")) {
      TEMPLATE_CLASS.put(e, "authentication/logon/failure");
    }
    for (String e : List.of("E2", "E4", "E5", "E6", "E7", "E24", "E25", "E26")) {
      TEMPLATE_CLASS.put(e, "session/disconnect/unknown");
    }
    for (String e : List.of("E3", "E11", "E18", "E21")) {
      TEMPLATE_CLASS.put(e, "log/null/unknown");
    }
    TEMPLATE_CLASS.put("E12", "log/invalid_user_request/failure");
    TEMPLATE_CLASS.put("E13", "account_lookup/lookup/failure");
    for (String e : List.of("E15", "E16", "E17")) {
      TEMPLATE_CLASS.put(e, "log/pam_more_failures/failure");
    }
    TEMPLATE_CLASS.put("E19", "log/pam_auth_failure/failure");
    TEMPLATE_CLASS.put("E20", "log/pam_auth_failure/failure");
    TEMPLATE_CLASS.put("E22", "session/close/success");
    TEMPLATE_CLASS.put("E23", "session/open/success");
    TEMPLATE_CLASS.put("E27", "log/possible_break_in/unknown");
  }

  private static String klass(Event e) {
    return e.type() + "/" + e.action() + "/" + e.outcome();
  }

  private List<Event> parse(String line, ParseContext context) {
    return format.parse(TextNode.valueOf(line), context);
  }

  private Event one(String line) {
    List<Event> events = parse(line, Y2016);
    assertThat(events).hasSize(1);
    return events.get(0);
  }

  @Test
  void mapsEveryLineOfOpenSsh2kAsItsLoghubTemplateSays() {
    List<String> lines = Datasets.rawLines(LOG);
    List<String> csv = Datasets.rawLines(CSV);
    assertThat(lines).hasSize(2000);
    // CRLF lines; the last has no line end at all
    assertThat(lines.subList(0, 1999)).allMatch(l -> l.endsWith("\r"));
    assertThat(csv).hasSize(2001);
    Pattern repeated = Pattern.compile("message repeated (\\d+) times");
    Map<String, Long> expected = new HashMap<>();
    int expectedEvents = 0;
    for (int i = 1; i < csv.size(); i++) {
      String[] f = csv.get(i).replace("\r", "").split(",", -1);
      int lineId = Integer.parseInt(f[0]);
      String template = f[f.length - 2];
      Matcher m = repeated.matcher(f[6]);
      int n = m.find() ? Integer.parseInt(m.group(1)) : 1;
      expectedEvents += n;
      expected.merge(TEMPLATE_CLASS.get(template), (long) n, Long::sum);

      List<Event> events = parse(lines.get(lineId - 1), Y2016);
      assertThat(events).as("line %d (%s)", lineId, template).hasSize(n);
      assertThat(klass(events.get(0)))
          .as("line %d (%s)", lineId, template)
          .isEqualTo(TEMPLATE_CLASS.get(template));
    }
    Parsed all =
        Parsed.of(format, lines.stream().map(l -> (JsonNode) TextNode.valueOf(l)).toList(), Y2016);
    assertThat(all.rejected()).isEmpty();
    assertThat(all.events()).hasSize(expectedEvents);
    assertThat(all.countBy(SshdSyslogFormatTest::klass))
        .isEqualTo(new java.util.TreeMap<>(expected));
    assertThat(all.events())
        .allSatisfy(
            e -> {
              assertThat(e.time().toString()).startsWith("2016-12-10T");
              assertThat(e.source().system()).isEqualTo("LabSZ");
              assertThat(e.target().id()).isEqualTo("LabSZ");
              assertThat(e.category()).isEqualTo("auth");
              assertThat(e.raw()).doesNotContain("\r").startsWith("Dec 10 ");
            });
  }

  @Test
  void countsAuthenticationsByPlainRegexOverTheRawLines() {
    List<String> lines = Datasets.rawLines(LOG);
    Pattern attempt =
        Pattern.compile(
            "sshd\\[\\d+\\]: (?:message repeated (\\d+) times: \\[ )?(Failed|Accepted) ");
    long failures = 0;
    long successes = 0;
    for (String l : lines) {
      Matcher m = attempt.matcher(l);
      if (m.find()) {
        long n = m.group(1) == null ? 1 : Long.parseLong(m.group(1));
        if (m.group(2).equals("Failed")) {
          failures += n;
        } else {
          successes += n;
        }
      }
    }
    long invalidUsers = lines.stream().filter(l -> l.contains("]: Invalid user ")).count();
    long breakIns = lines.stream().filter(l -> l.contains("POSSIBLE BREAK-IN ATTEMPT")).count();
    long repeatedLines = lines.stream().filter(l -> l.contains("message repeated")).count();

    Parsed p =
        Parsed.of(format, lines.stream().map(l -> (JsonNode) TextNode.valueOf(l)).toList(), Y2016);
    Map<String, Long> byType = p.countBy(Parsed::typeOutcome);
    assertThat(byType.get("authentication/failure")).isEqualTo(failures);
    assertThat(byType.get("authentication/success")).isEqualTo(successes);
    assertThat(byType.get("account_lookup/failure")).isEqualTo(invalidUsers);
    assertThat(p.countBy(Parsed::typeAction).get("log/possible_break_in")).isEqualTo(breakIns);
    assertThat(repeatedLines).isEqualTo(2);
    // both repeated lines say "5 times" and hold a "[ Failed" rather than ": Failed"
    assertThat(failures)
        .isEqualTo(lines.stream().filter(l -> l.contains(": Failed ")).count() + 5 * repeatedLines);
  }

  @Test
  void pamRhostIsAnIpOrAReverseDnsHost() {
    List<String> lines = Datasets.rawLines(LOG);
    Pattern rhost = Pattern.compile("authentication failure;.* rhost=(\\S+)");
    Pattern dotted = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    List<String> ips = new ArrayList<>();
    List<String> hosts = new ArrayList<>();
    for (String l : lines) {
      Matcher m = rhost.matcher(l);
      if (m.find() && l.contains("pam_unix(sshd:auth)")) {
        (dotted.matcher(m.group(1)).matches() ? ips : hosts).add(m.group(1));
      }
    }
    List<Event> pam =
        lines.stream()
            .flatMap(l -> parse(l, Y2016).stream())
            .filter(e -> "pam_auth_failure".equals(e.action()))
            .toList();
    assertThat(hosts).isNotEmpty();
    assertThat(pam.stream().map(e -> e.src().host()).filter(h -> h != null).toList())
        .isEqualTo(hosts);
    assertThat(pam.stream().map(e -> e.src().ip()).filter(h -> h != null).toList()).isEqualTo(ips);
  }

  @Test
  void readsTheDesignExampleExactly() {
    Event e =
        one(
            "Dec 10 06:55:46 LabSZ sshd[24200]: Failed password for root from 183.62.140.253 port 46821 ssh2\r\n");
    assertThat(e.toMap())
        .containsEntry("time", "2016-12-10T06:55:46Z")
        .containsEntry("category", "auth")
        .containsEntry("type", "authentication")
        .containsEntry("action", "logon")
        .containsEntry("outcome", "failure")
        .containsEntry("severity", 3L)
        .containsEntry("message", "Failed password for root from 183.62.140.253 port 46821 ssh2")
        .containsEntry("attributes", Map.of("method", "password", "invalidUser", false));
    assertThat(e.source()).isEqualTo(new Event.Source("syslog-sshd", "LabSZ", null));
    assertThat(e.actor()).isEqualTo(Event.Actor.user("root", null));
    assertThat(e.src()).isEqualTo(new Event.Endpoint("183.62.140.253", 46821, null));
    assertThat(e.dst()).isEqualTo(new Event.Endpoint(null, 22, "LabSZ"));
    assertThat(e.target()).isEqualTo(Event.Target.asset("LabSZ"));
    assertThat(e.raw())
        .isEqualTo(
            "Dec 10 06:55:46 LabSZ sshd[24200]: Failed password for root from 183.62.140.253 port 46821 ssh2");
    assertThat(e.id()).isNull();
    assertThat(e.tenant()).isNull();
    assertThat(e.ingestedAt()).isNull();
  }

  @Test
  void acceptedPublicKeyForInvalidUserAndIpv6() {
    Event e =
        one(
            "Jan  5 10:00:00 h sshd[1]: Accepted publickey for alice from 2001:db8::1 port 2222 ssh2: RSA SHA256:abc");
    assertThat(e.outcome()).isEqualTo("success");
    assertThat(e.severity()).isEqualTo(1);
    assertThat(e.src().ip()).isEqualTo("2001:db8::1");
    assertThat(e.attributes())
        .containsEntry("method", "publickey")
        .containsEntry("invalidUser", false);
    Event f =
        one("Jan  5 10:00:00 h sshd[1]: Failed none for invalid user  from 1.2.3.4 port 5 ssh2");
    assertThat(f.actor()).isEqualTo(Event.Actor.NONE);
    assertThat(f.attributes()).containsEntry("invalidUser", true);
  }

  @Test
  void isoAndRfc5424HeadersWithEveryOffsetForm() {
    assertThat(
            one("2024-01-02T03:04:05.123+01:00 host sshd[12]: Invalid user x from 1.2.3.4").time())
        .isEqualTo(Instant.parse("2024-01-02T02:04:05.123Z"));
    assertThat(
            one("2024-01-02T03:04:05.123456789123+0530 host sshd[12]: Connection closed by 1.2.3.4 port 22 [preauth]")
                .time())
        .isEqualTo(Instant.parse("2024-01-01T21:34:05.123456789Z"));
    Event r =
        one(
            "<38>1 2024-01-02T03:04:05Z web1 sshd 77 - - Accepted password for bob from 10.0.0.1 port 50000 ssh2");
    assertThat(r.time()).isEqualTo(Instant.parse("2024-01-02T03:04:05Z"));
    assertThat(r.source().system()).isEqualTo("web1");
    assertThat(r.actor().name()).isEqualTo("bob");
    Event local =
        parse(
                "2024-01-02 03:04:05 host sshd[1]: Invalid user x from 1.2.3.4",
                new ParseContext(
                    null, ZoneId.of("Asia/Kolkata"), Instant.parse("2024-06-01T00:00:00Z")))
            .get(0);
    assertThat(local.time()).isEqualTo(Instant.parse("2024-01-01T21:34:05Z"));
  }

  @Test
  void yearlessDatesTakeTheContextYearZoneOrTheYearBeforeNow() {
    String dec31 = "Dec 31 23:59:00 h sshd[1]: Invalid user x from 1.2.3.4";
    String jan1 = "Jan  1 00:10:00 h sshd[1]: Invalid user x from 1.2.3.4";
    ParseContext newYear = ParseContext.utc(Instant.parse("2024-01-01T00:30:00Z"));
    assertThat(parse(dec31, newYear).get(0).time())
        .isEqualTo(Instant.parse("2023-12-31T23:59:00Z"));
    assertThat(parse(jan1, newYear).get(0).time()).isEqualTo(Instant.parse("2024-01-01T00:10:00Z"));
    ParseContext given =
        new ParseContext(2020, ZoneOffset.UTC, Instant.parse("2024-01-01T00:30:00Z"));
    assertThat(parse(dec31, given).get(0).time()).isEqualTo(Instant.parse("2020-12-31T23:59:00Z"));
    ParseContext shanghai = new ParseContext(2016, ZoneId.of("Asia/Shanghai"), null);
    assertThat(parse("Dec 10 06:55:46 LabSZ sshd[1]: x", shanghai).get(0).time())
        .isEqualTo(Instant.parse("2016-12-09T22:55:46Z"));
    // Feb 29 read in a non-leap year belongs to the last leap year before it
    ParseContext in2025 = ParseContext.utc(Instant.parse("2025-03-01T00:00:00Z"));
    assertThat(parse("Feb 29 12:00:00 h sshd[1]: x", in2025).get(0).time())
        .isEqualTo(Instant.parse("2024-02-29T12:00:00Z"));
  }

  @Test
  void messageRepeatedExpandsToIdenticalEventsOfTheInnerMessage() {
    List<Event> events =
        parse(
            "Dec 10 07:13:56 LabSZ sshd[24227]: message repeated 5 times: [ Failed password for root from 5.36.59.76 port 42393 ssh2]",
            Y2016);
    assertThat(events)
        .hasSize(5)
        .allSatisfy(
            e -> {
              assertThat(e.message())
                  .isEqualTo("Failed password for root from 5.36.59.76 port 42393 ssh2");
              assertThat(e.src().port()).isEqualTo(42393);
            });
    assertThatThrownBy(
            () -> parse("Dec 10 07:13:56 h sshd[1]: message repeated 999999999 times: [ x]", Y2016))
        .isInstanceOf(RecordException.class);
  }

  @Test
  void otherSshdMessages() {
    Event pam =
        one(
            "Dec 10 07:13:56 LabSZ sshd[24227]: PAM 5 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=5.36.59.76.dynamic-dsl-ip.omantel.net.om  user=root");
    assertThat(pam.action()).isEqualTo("pam_more_failures");
    assertThat(pam.attributes()).containsEntry("count", 5L).doesNotContainKey("ruser");
    assertThat(pam.src().host()).isEqualTo("5.36.59.76.dynamic-dsl-ip.omantel.net.om");
    assertThat(pam.actor().name()).isEqualTo("root");
    Event breakIn =
        one(
            "Dec 10 06:55:46 LabSZ sshd[24200]: reverse mapping checking getaddrinfo for ns.marryaldkfaczcz.com [173.234.31.186] failed - POSSIBLE BREAK-IN ATTEMPT!");
    assertThat(breakIn.severity()).isEqualTo(4);
    assertThat(breakIn.src())
        .isEqualTo(new Event.Endpoint("173.234.31.186", null, "ns.marryaldkfaczcz.com"));
    Event bye =
        one(
            "Dec 10 06:55:48 LabSZ sshd[24200]: Received disconnect from 173.234.31.186: 11: Bye Bye [preauth]");
    assertThat(bye.action()).isEqualTo("disconnect");
    assertThat(bye.src().ip()).isEqualTo("173.234.31.186");
    Event newer =
        one(
            "Mar  1 00:00:00 h sshd[9]: Received disconnect from 10.1.1.1 port 5000:11: Bye Bye [preauth]");
    assertThat(newer.src()).isEqualTo(new Event.Endpoint("10.1.1.1", 5000, null));
    Event tooMany =
        one(
            "Dec 10 06:55:48 LabSZ sshd[1]: Disconnecting: Too many authentication failures for admin [preauth]");
    assertThat(tooMany.actor().name()).isEqualTo("admin");
    assertThat(tooMany.severity()).isEqualTo(3);
    Event opened =
        one(
            "Dec 10 09:32:20 LabSZ sshd[24680]: pam_unix(sshd:session): session opened for user fztu by (uid=0)");
    assertThat(opened.type()).isEqualTo("session");
    assertThat(opened.action()).isEqualTo("open");
    Event other =
        one(
            "Dec 10 06:55:46 LabSZ sshd[1]: Did not receive identification string from 123.235.32.19");
    assertThat(other.type()).isEqualTo("log");
    assertThat(other.src().ip()).isEqualTo("123.235.32.19");
    Event sudo = one("Dec 10 06:55:46 LabSZ sudo: alice : TTY=pts/0 ; COMMAND=/bin/ls");
    assertThat(sudo.type()).isEqualTo("log");
    assertThat(sudo.attributes()).containsEntry("program", "sudo");
  }

  @Test
  void rejectsWhatIsNotAnSshdSyslogLine() {
    for (String garbage :
        List.of(
            "",
            "hello world",
            "Dec 10 LabSZ sshd: x",
            "Foo 10 06:55:46 h sshd[1]: x",
            "Dec 32 06:55:46 h sshd[1]: x",
            "2024-13-01T00:00:00Z h sshd[1]: x")) {
      assertThatThrownBy(() -> parse(garbage, Y2016))
          .as(garbage)
          .isInstanceOfSatisfying(
              RecordException.class, e -> assertThat(e.pointer()).isEqualTo(""));
    }
    assertThatThrownBy(() -> format.parse(IntNode.valueOf(3), Y2016))
        .isInstanceOfSatisfying(RecordException.class, e -> assertThat(e.pointer()).isEqualTo(""));
  }
}
