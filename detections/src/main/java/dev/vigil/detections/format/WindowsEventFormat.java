package dev.vigil.detections.format;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.detections.event.Event;
import dev.vigil.detections.event.Event.Actor;
import dev.vigil.detections.event.Event.Target;
import dev.vigil.detections.event.Vocabulary;
import dev.vigil.detections.format.WindowsEventTable.Mapping;
import dev.vigil.playbook.json.Json;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code windows-security}: one Windows event record of any channel, in any of the shapes met in
 * the wild, read by {@link WindowsRecord}. {@code attributes} holds the {@code EventData} (or
 * {@code UserData}) fields under their own names with their values as given (so Sigma's {@code
 * IpAddress: '-'} still matches), plus {@code EventID} (long), {@code Channel}, {@code Provider}
 * and {@code Computer}. Classes come from {@link WindowsEventTable}; unmapped events are {@code
 * log}/{@code endpoint} with the outcome of the Keywords audit bits and a severity from Level.
 *
 * <p>{@code actor} is {@code TargetUserName}/{@code TargetDomainName} when present (a UPN or {@code
 * DOMAIN\\user} name is split, {@code -} is absent), else {@code SubjectUserName}/{@code
 * SubjectDomainName}, else Sysmon's {@code User}; when the actor is the target account and a
 * subject account exists, that initiating account is {@code attributes.subject} ({@code {name,
 * domain}}). {@code src} is {@code IpAddress}/{@code IpPort}/{@code WorkstationName} (4776: {@code
 * Workstation}); Sysmon 3 uses {@code SourceIp}… and {@code Destination…} for {@code dst}. {@code
 * source.system}, {@code dst.host} and {@code target} are the {@code Computer}. 4776 succeeds when
 * {@code Status} is {@code 0x0}.
 */
final class WindowsEventFormat implements EventFormat {

  static final String NAME = "windows-security";

  private static final long AUDIT_FAILURE = 0x0010000000000000L;
  private static final long AUDIT_SUCCESS = 0x0020000000000000L;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<Event> parse(JsonNode record, ParseContext context) {
    WindowsRecord w = WindowsRecord.read(record);
    Instant time = Times.parse(w.timeText(), context.zone());
    if (time == null) {
      throw new RecordException(w.timePointer(), "not a timestamp: " + w.timeText());
    }
    Map<String, JsonNode> data = w.data();
    Draft d = new Draft(NAME);
    d.time = time;
    d.raw = record.toString();
    d.system = w.computer();
    d.dstHost = w.computer();
    d.target = Target.asset(w.computer());
    d.message = w.message();
    for (Map.Entry<String, JsonNode> e : data.entrySet()) {
      d.attributes.put(e.getKey(), Json.toJava(e.getValue()));
    }
    d.attributes.put("EventID", w.eventId());
    d.attributes.put("Channel", w.channel());
    d.attributes.put("Provider", w.provider());
    d.attributes.put("Computer", w.computer());

    Mapping m = WindowsEventTable.lookup(w.channel(), w.provider(), w.eventId());
    String auditOutcome = auditOutcome(w.keywords());
    if (m == null) {
      d.classify("endpoint", "log", null, auditOutcome, levelSeverity(w.level()));
    } else {
      d.classify(m.category(), m.type(), m.action(), m.outcome(), m.severity());
      if (d.message == null) {
        d.message = m.text();
      }
    }
    if (m != null && m.outcome() == null) {
      d.outcome = auditOutcome;
    }
    if (w.eventId() == 4776 && m != null) {
      String status = text(data, "Status");
      boolean ok = status != null && isZero(status);
      d.outcome = status == null ? auditOutcome : ok ? Vocabulary.SUCCESS : Vocabulary.FAILURE;
      d.severity = Vocabulary.FAILURE.equals(d.outcome) ? 3 : 1;
    }
    accounts(d, data);
    if (WindowsEventTable.isSysmon(w.channel(), w.provider())) {
      sysmon(d, data, w.eventId());
    } else {
      d.srcIp = Values.ip(text(data, "IpAddress"));
      d.srcPort = Values.port(text(data, "IpPort"));
      String ws = text(data, "WorkstationName");
      d.srcHost = ws != null ? ws : w.eventId() == 4776 ? text(data, "Workstation") : null;
    }
    return List.of(d.build());
  }

  private static void accounts(Draft d, Map<String, JsonNode> data) {
    String[] target = Values.account(text(data, "TargetUserName"), text(data, "TargetDomainName"));
    String[] subject =
        Values.account(text(data, "SubjectUserName"), text(data, "SubjectDomainName"));
    if (target[0] != null) {
      d.actor = Actor.user(target[0], target[1]);
      if (subject[0] != null) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("name", subject[0]);
        s.put("domain", subject[1]);
        d.attributes.put("subject", s);
      }
    } else if (subject[0] != null) {
      d.actor = Actor.user(subject[0], subject[1]);
    } else {
      String[] user = Values.account(text(data, "User"), null);
      d.actor = Actor.user(user[0], user[1]);
    }
  }

  private static void sysmon(Draft d, Map<String, JsonNode> data, long id) {
    if (id == 3) {
      d.srcIp = Values.ip(text(data, "SourceIp"));
      d.srcPort = Values.port(text(data, "SourcePort"));
      d.srcHost = text(data, "SourceHostname");
      d.dstIp = Values.ip(text(data, "DestinationIp"));
      d.dstPort = Values.port(text(data, "DestinationPort"));
      String host = text(data, "DestinationHostname");
      if (host != null) {
        d.dstHost = host;
      }
    }
  }

  private static String auditOutcome(String keywords) {
    if (keywords == null) {
      return Vocabulary.UNKNOWN;
    }
    if (keywords.startsWith("0x") || keywords.startsWith("0X")) {
      try {
        long k = Long.parseUnsignedLong(keywords.substring(2), 16);
        return (k & AUDIT_FAILURE) != 0
            ? Vocabulary.FAILURE
            : (k & AUDIT_SUCCESS) != 0 ? Vocabulary.SUCCESS : Vocabulary.UNKNOWN;
      } catch (NumberFormatException e) {
        return Vocabulary.UNKNOWN;
      }
    }
    // Winlogbeat renders the bits as names
    return keywords.contains("Audit Failure")
        ? Vocabulary.FAILURE
        : keywords.contains("Audit Success") ? Vocabulary.SUCCESS : Vocabulary.UNKNOWN;
  }

  /** Windows Level: 1 critical, 2 error, 3 warning, 4 information, 0/5 audit or verbose. */
  private static int levelSeverity(String level) {
    return switch (level == null ? "" : level.toLowerCase(java.util.Locale.ROOT)) {
      case "1", "critical" -> 8;
      case "2", "error" -> 5;
      case "3", "warning" -> 3;
      default -> 1;
    };
  }

  private static boolean isZero(String hex) {
    String h = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
    for (int i = 0; i < h.length(); i++) {
      if (h.charAt(i) != '0') {
        return false;
      }
    }
    return !h.isEmpty();
  }

  private static String text(Map<String, JsonNode> data, String key) {
    return Values.text(data.get(key));
  }
}
