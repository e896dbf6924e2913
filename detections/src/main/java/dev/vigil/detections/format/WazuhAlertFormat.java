package dev.vigil.detections.format;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.detections.event.Event;
import dev.vigil.detections.event.Event.Actor;
import dev.vigil.detections.event.Event.Target;
import dev.vigil.detections.event.Vocabulary;
import dev.vigil.playbook.json.Json;
import java.time.Instant;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code wazuh-alert}: one alert of Wazuh's {@code alerts.json}. {@code timestamp} and {@code rule}
 * are required. The class comes from {@code rule.groups}, first match wins:
 *
 * <ul>
 *   <li>{@code syscheck*} → {@code file_change} (category {@code storage});
 *   <li>{@code sca} → {@code config_finding} ({@code ops});
 *   <li>{@code vulnerability-detector} → {@code vulnerability} ({@code ops});
 *   <li>{@code rootcheck} → {@code finding} ({@code endpoint});
 *   <li>an authentication group ({@code authentication_failed}, {@code authentication_failures},
 *       {@code authentication_success}, {@code invalid_login}, {@code win_authentication_failed},
 *       {@code sshd}, {@code pam}, {@code su}, {@code sudo}…) → {@code finding} ({@code auth});
 *   <li>else {@code finding} ({@code endpoint}).
 * </ul>
 *
 * Outcome is failure for {@code authentication_failed}, {@code authentication_failures} (a brute
 * force of failed attempts), {@code invalid_login} and {@code win_authentication_failed}, success
 * for {@code authentication_success}, else unknown. Severity is {@code round(rule.level × 10 / 15)}
 * (Wazuh levels run 0–15), clamped to 0–10. {@code message} = {@code rule.description}; {@code
 * actor} = {@code data.dstuser}, else {@code data.win.eventdata.targetUserName}, else {@code
 * data.srcuser}; {@code src} = {@code data.srcip}/{@code data.srcport}; {@code target} = the agent;
 * {@code source.system} = {@code manager.name}, else {@code agent.name}; {@code action} is left
 * absent ({@code rule.id} is in the attributes). {@code attributes} keeps every top-level field but
 * {@code timestamp} under its own name.
 */
final class WazuhAlertFormat implements EventFormat {

  static final String NAME = "wazuh-alert";

  private static final Set<String> AUTH_GROUPS =
      Set.of(
          "authentication_failed",
          "authentication_failures",
          "authentication_success",
          "invalid_login",
          "win_authentication_failed",
          "adduser",
          "sshd",
          "pam",
          "su",
          "sudo",
          "login",
          "win_group_changed",
          "account_changed");
  private static final Set<String> FAILED =
      Set.of(
          "authentication_failed",
          "authentication_failures",
          "invalid_login",
          "win_authentication_failed");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<Event> parse(JsonNode r, ParseContext context) {
    Instant time = Times.required(r, "timestamp", context);
    JsonNode rule = r.get("rule");
    if (rule == null || !rule.isObject()) {
      throw new RecordException("/rule", "rule must be an object");
    }
    JsonNode level = rule.get("level");
    if (level != null && !level.isNull() && !level.canConvertToInt() && !isNumeric(level)) {
      throw new RecordException("/rule/level", "rule.level must be a number");
    }
    Set<String> groups = new HashSet<>();
    JsonNode g = rule.get("groups");
    if (g != null && g.isArray()) {
      g.forEach(x -> groups.add(x.asText()));
    }

    Draft d = new Draft(NAME);
    d.time = time;
    d.raw = r.toString();
    String agent = Values.text(r.path("agent").get("name"));
    String manager = Values.text(r.path("manager").get("name"));
    d.system = manager != null ? manager : agent;
    d.target = Target.asset(agent);
    d.dstHost = agent;
    d.dstIp = Values.ip(Values.text(r.path("agent").get("ip")));
    classify(d, groups, severity(level));
    d.message = Values.text(rule.get("description"));

    JsonNode data = r.path("data");
    String user = Values.text(data.get("dstuser"));
    if (user == null) {
      user = Values.text(data.path("win").path("eventdata").get("targetUserName"));
    }
    if (user == null) {
      user = Values.text(data.get("srcuser"));
    }
    String domain = Values.text(data.path("win").path("eventdata").get("targetDomainName"));
    String[] account = Values.account(user, domain);
    d.actor = Actor.user(account[0], account[1]);
    String srcip = Values.text(data.get("srcip"));
    d.srcIp = Values.ip(srcip);
    d.srcHost = d.srcIp == null ? srcip : null;
    d.srcPort = Values.port(data.get("srcport"));

    Iterator<Map.Entry<String, JsonNode>> it = r.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getKey().equals("timestamp")) {
        d.attributes.put(e.getKey(), Json.toJava(e.getValue()));
      }
    }
    return List.of(d.build());
  }

  private static void classify(Draft d, Set<String> groups, int severity) {
    String outcome =
        groups.stream().anyMatch(FAILED::contains)
            ? Vocabulary.FAILURE
            : groups.contains("authentication_success") ? Vocabulary.SUCCESS : Vocabulary.UNKNOWN;
    if (groups.stream().anyMatch(x -> x.startsWith("syscheck"))) {
      d.classify("storage", "file_change", null, outcome, severity);
    } else if (groups.contains("sca")) {
      d.classify("ops", "config_finding", null, outcome, severity);
    } else if (groups.contains("vulnerability-detector")) {
      d.classify("ops", "vulnerability", null, outcome, severity);
    } else if (groups.contains("rootcheck")) {
      d.classify("endpoint", "finding", null, outcome, severity);
    } else if (groups.stream().anyMatch(AUTH_GROUPS::contains)
        || groups.stream().anyMatch(x -> x.startsWith("win_authentication"))) {
      d.classify("auth", "finding", null, outcome, severity);
    } else {
      d.classify("endpoint", "finding", null, outcome, severity);
    }
  }

  /** Wazuh rule levels run 0–15; round(level × 10 / 15), clamped to 0–10. */
  static int severity(JsonNode level) {
    if (level == null || level.isNull()) {
      return 0;
    }
    double l = level.isNumber() ? level.asDouble() : Double.parseDouble(level.asText().strip());
    long s = Math.round(l * 10 / 15);
    return (int) Math.max(0, Math.min(Vocabulary.MAX_SEVERITY, s));
  }

  private static boolean isNumeric(JsonNode n) {
    if (n.isNumber()) {
      return true;
    }
    if (!n.isTextual()) {
      return false;
    }
    try {
      double v = Double.parseDouble(n.textValue().strip());
      return !Double.isNaN(v) && !Double.isInfinite(v);
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
