package dev.vigil.detections.format;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.detections.event.Event;
import dev.vigil.detections.event.Event.Actor;
import dev.vigil.detections.event.Event.Target;
import dev.vigil.detections.event.Vocabulary;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code syslog-sshd}: OpenSSH lines of a syslog file, with an RFC 3164 ({@code Mmm dd HH:MM:SS
 * host sshd[pid]: msg}, year from the context or inferred), ISO 8601 ({@code 2024-01-02T03:04:05Z
 * host sshd[pid]: msg}) or RFC 5424 ({@code <38>1 ts host sshd pid - - msg}) header. Every event
 * has category {@code auth}, {@code source.system}, {@code dst.host} and {@code target} = the host,
 * and {@code message} = the text after {@code sshd[pid]: }. Messages map to:
 *
 * <ul>
 *   <li>{@code Failed|Accepted <method> for [invalid user ]<user> from <ip> port <n>} → {@code
 *       authentication}/{@code logon}, failure (severity 3) or success (1), {@code dst.port} 22,
 *       attributes {@code method}, {@code invalidUser};
 *   <li>{@code message repeated N times: [ … ]} → N events of the inner message (N ≤ 10,000);
 *   <li>{@code Invalid user X from IP [port N]} → {@code account_lookup}, failure, severity 3. The
 *       {@code input_userauth_request: invalid user X [preauth]} line that follows it reports the
 *       same lookup again, so it is a {@code log} (action {@code invalid_user_request}) rather than
 *       a second {@code account_lookup};
 *   <li>{@code pam_unix(sshd:auth): authentication failure; … rhost= user=} → {@code log}, action
 *       {@code pam_auth_failure}, failure, severity 3 (not an {@code authentication}: the attempt
 *       is already the {@code Failed …} line); {@code rhost} goes to {@code src.ip} when it is an
 *       IP literal, else to {@code src.host};
 *   <li>{@code PAM N more authentication failure[s]; …} → {@code log}, action {@code
 *       pam_more_failures}, failure, severity 3, {@code attributes.count} = N;
 *   <li>{@code pam_unix(sshd:session): session opened|closed for user X} → {@code session}, action
 *       {@code open}|{@code close}, success;
 *   <li>{@code reverse mapping checking getaddrinfo for H [IP] failed - POSSIBLE BREAK-IN ATTEMPT!}
 *       (and {@code Address IP maps to H, but …}) → {@code log}, action {@code possible_break_in},
 *       severity 4, src ip and host;
 *   <li>{@code Received disconnect …}, {@code error: Received disconnect …}, {@code Disconnected
 *       from …}, {@code Connection closed|reset by …}, {@code Disconnecting…: …} → {@code session},
 *       action {@code disconnect} (severity 3 for {@code Too many authentication failures}, else
 *       1);
 *   <li>anything else → {@code log}, severity 1, with {@code src} when the text says {@code from
 *       <ip> [port <n>]}.
 * </ul>
 *
 * Syslog lines of other programs (an {@code auth.log} holds sudo, su, cron…) are accepted as {@code
 * log} events with {@code attributes.program}; a line that is not syslog is rejected.
 */
final class SshdSyslogFormat implements EventFormat {

  static final String NAME = "syslog-sshd";
  static final int MAX_REPEAT = 10_000;

  private static final Pattern BSD =
      Pattern.compile(
          "(?:<\\d{1,3}>)?([A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d|\\d{4}-\\d\\d-\\d\\d[T ]"
              + "\\d\\d:\\d\\d:\\d\\d\\S*) (\\S+) ([^\\s\\[:]+)(?:\\[\\d+\\])?: ?(.*)",
          Pattern.DOTALL);
  private static final Pattern RFC5424 =
      Pattern.compile(
          "<\\d{1,3}>1 (\\S+) (\\S+) (\\S+) \\S+ \\S+ (?:-|(?:\\[(?:[^\\]\\\\]|\\\\.)*\\])+) ?"
              + "\\uFEFF?(.*)",
          Pattern.DOTALL);

  private static final Pattern AUTH =
      Pattern.compile(
          "(Failed|Accepted) (\\S+) for (invalid user )?(.*?) from (\\S+) port (\\d+)(?:\\s.*)?");
  private static final Pattern REPEATED =
      Pattern.compile("message repeated (\\d{1,9}) times: \\[ ?(.*?) ?\\]\\s*");
  private static final Pattern INVALID_USER =
      Pattern.compile("Invalid user (.*?) from (\\S+)(?: port (\\d+))?(?: \\[preauth\\])?\\s*");
  private static final Pattern USERAUTH_REQUEST =
      Pattern.compile("input_userauth_request: invalid user (.*?)(?: \\[preauth\\])?\\s*");
  private static final Pattern PAM_AUTH_FAILURE =
      Pattern.compile("pam_unix\\([^)]*:auth\\): authentication failure;(.*)");
  private static final Pattern PAM_MORE =
      Pattern.compile("PAM (\\d{1,9}) more authentication failures?;(.*)");
  private static final Pattern PAM_SESSION =
      Pattern.compile("pam_unix\\([^)]*:session\\): session (opened|closed) for user (\\S+).*");
  private static final Pattern BREAK_IN =
      Pattern.compile(
          "reverse mapping checking getaddrinfo for (\\S+) \\[(\\S+)\\] failed.*POSSIBLE BREAK-IN"
              + " ATTEMPT!?\\s*");
  private static final Pattern BREAK_IN_MAPS =
      Pattern.compile("Address (\\S+) maps to (\\S+), but .*POSSIBLE BREAK-IN ATTEMPT!?\\s*");
  private static final Pattern RECEIVED_DISCONNECT =
      Pattern.compile("(?:error: )?Received disconnect from (\\S+)(?: port (\\d+))?: ?\\d+: .*");
  private static final Pattern DISCONNECTED =
      Pattern.compile(
          "Disconnected from (?:(?:authenticating |invalid )?user (\\S+) )?(\\S+) port (\\d+).*");
  private static final Pattern CONNECTION_CLOSED =
      Pattern.compile(
          "Connection (?:closed|reset) by (?:(?:authenticating |invalid )?user (\\S+) )?(\\S+)"
              + "(?: port (\\d+))?(?: \\[preauth\\])?\\s*");
  private static final Pattern DISCONNECTING =
      Pattern.compile(
          "Disconnecting(?: (?:authenticating |invalid )?user (\\S+) (\\S+) port (\\d+))?: (.*)");
  private static final Pattern TOO_MANY_FOR =
      Pattern.compile("Too many authentication failures(?: for (?:invalid user )?(\\S+))?.*");
  private static final Pattern FROM = Pattern.compile(" from (\\S+?)(?: port (\\d+))?(?:[\\s:]|$)");
  private static final Pattern KV = Pattern.compile("(\\w+)=(\\S*)");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean lineFormat() {
    return true;
  }

  @Override
  public List<Event> parse(JsonNode record, ParseContext context) {
    if (record == null || !record.isTextual()) {
      throw new RecordException("", "expected a text line");
    }
    String line = stripEol(record.textValue());
    String time;
    String host;
    String program;
    String msg;
    Matcher h = BSD.matcher(line);
    if (h.matches()) {
      time = h.group(1);
      host = h.group(2);
      program = h.group(3);
      msg = h.group(4);
    } else if ((h = RFC5424.matcher(line)).matches()) {
      time = h.group(1);
      host = h.group(2);
      program = h.group(3);
      msg = h.group(4);
    } else {
      throw new RecordException("", "not an sshd syslog line");
    }
    Instant at =
        Character.isDigit(time.charAt(0))
            ? Times.parse(time, context.zone())
            : Times.syslog(time, 0, context);
    if (at == null) {
      throw new RecordException("", "unreadable syslog timestamp: " + time);
    }
    Draft d = new Draft(NAME);
    d.time = at;
    d.raw = line;
    d.system = Values.absent(host);
    d.dstHost = d.system;
    d.target = Target.asset(d.system);
    msg = stripEol(msg);
    if (!program.equals("sshd")) {
      d.classify("auth", "log", null, Vocabulary.UNKNOWN, 1);
      d.message = msg;
      d.attributes.put("program", program);
      return List.of(d.build());
    }
    Matcher r = REPEATED.matcher(msg);
    if (r.matches()) {
      long n = Long.parseLong(r.group(1));
      if (n > MAX_REPEAT) {
        throw new RecordException("", "repeat count " + n + " is over " + MAX_REPEAT);
      }
      classify(d, r.group(2));
      return Collections.nCopies((int) n, d.build());
    }
    classify(d, msg);
    return List.of(d.build());
  }

  private static void classify(Draft d, String msg) {
    d.message = msg;
    Matcher m;
    if ((m = AUTH.matcher(msg)).matches()) {
      boolean ok = m.group(1).equals("Accepted");
      d.classify(
          "auth",
          "authentication",
          "logon",
          ok ? Vocabulary.SUCCESS : Vocabulary.FAILURE,
          ok ? 1 : 3);
      d.actor = Actor.user(Values.absent(m.group(4)), null);
      src(d, m.group(5), m.group(6));
      d.dstPort = 22;
      d.attributes.put("method", m.group(2));
      d.attributes.put("invalidUser", m.group(3) != null);
    } else if ((m = INVALID_USER.matcher(msg)).matches()) {
      d.classify("auth", "account_lookup", "lookup", Vocabulary.FAILURE, 3);
      d.actor = Actor.user(Values.absent(m.group(1)), null);
      src(d, m.group(2), m.group(3));
    } else if ((m = USERAUTH_REQUEST.matcher(msg)).matches()) {
      d.classify("auth", "log", "invalid_user_request", Vocabulary.FAILURE, 1);
      d.actor = Actor.user(Values.absent(m.group(1)), null);
    } else if ((m = PAM_AUTH_FAILURE.matcher(msg)).matches()) {
      d.classify("auth", "log", "pam_auth_failure", Vocabulary.FAILURE, 3);
      pamFields(d, m.group(1));
    } else if ((m = PAM_MORE.matcher(msg)).matches()) {
      d.classify("auth", "log", "pam_more_failures", Vocabulary.FAILURE, 3);
      d.attributes.put("count", Long.parseLong(m.group(1)));
      pamFields(d, m.group(2));
    } else if ((m = PAM_SESSION.matcher(msg)).matches()) {
      boolean open = m.group(1).equals("opened");
      d.classify("auth", "session", open ? "open" : "close", Vocabulary.SUCCESS, 1);
      d.actor = Actor.user(Values.absent(m.group(2)), null);
    } else if ((m = BREAK_IN.matcher(msg)).matches()) {
      d.classify("auth", "log", "possible_break_in", Vocabulary.UNKNOWN, 4);
      d.srcHost = Values.absent(m.group(1));
      d.srcIp = Values.ip(m.group(2));
    } else if ((m = BREAK_IN_MAPS.matcher(msg)).matches()) {
      d.classify("auth", "log", "possible_break_in", Vocabulary.UNKNOWN, 4);
      d.srcIp = Values.ip(m.group(1));
      d.srcHost = Values.absent(m.group(2));
    } else if ((m = RECEIVED_DISCONNECT.matcher(msg)).matches()) {
      disconnect(d, 1);
      src(d, m.group(1), m.group(2));
    } else if ((m = DISCONNECTED.matcher(msg)).matches()) {
      disconnect(d, 1);
      d.actor = Actor.user(Values.absent(m.group(1)), null);
      src(d, m.group(2), m.group(3));
    } else if ((m = CONNECTION_CLOSED.matcher(msg)).matches()) {
      disconnect(d, 1);
      d.actor = Actor.user(Values.absent(m.group(1)), null);
      src(d, m.group(2), m.group(3));
    } else if ((m = DISCONNECTING.matcher(msg)).matches()) {
      Matcher t = TOO_MANY_FOR.matcher(m.group(4));
      boolean tooMany = t.matches();
      disconnect(d, tooMany ? 3 : 1);
      String user = m.group(1) != null ? m.group(1) : tooMany ? t.group(1) : null;
      d.actor = Actor.user(Values.absent(user), null);
      src(d, m.group(2), m.group(3));
    } else {
      d.classify("auth", "log", null, Vocabulary.UNKNOWN, 1);
      if ((m = FROM.matcher(msg)).find()) {
        src(d, m.group(1), m.group(2));
      }
    }
  }

  private static void disconnect(Draft d, int severity) {
    d.classify("auth", "session", "disconnect", Vocabulary.UNKNOWN, severity);
  }

  /** An address that is an IP literal goes to {@code src.ip}, a hostname to {@code src.host}. */
  private static void src(Draft d, String address, String port) {
    String a = Values.absent(address);
    if (a != null && a.endsWith(":")) {
      a = a.substring(0, a.length() - 1);
    }
    d.srcIp = a == null ? null : Values.ip(a);
    d.srcHost = d.srcIp == null ? Values.absent(a) : null;
    d.srcPort = port == null ? null : Values.port(port);
  }

  private static void pamFields(Draft d, String kvs) {
    Matcher kv = KV.matcher(kvs);
    while (kv.find()) {
      String value = Values.absent(kv.group(2));
      switch (kv.group(1)) {
        case "rhost" -> src(d, value, null);
        case "user" -> d.actor = Actor.user(value, null);
        case "ruser", "logname", "uid", "euid", "tty" -> {
          if (value != null) {
            d.attributes.put(kv.group(1), value);
          }
        }
        default -> {}
      }
    }
  }

  private static String stripEol(String s) {
    int end = s.length();
    while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
      end--;
    }
    return end == s.length() ? s : s.substring(0, end);
  }
}
