package dev.vigil.detections.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detections.event.Event;
import dev.vigil.playbook.expression.Expressions;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Test helpers: small Sigma rules, canonical events, evaluating a translated filter. */
final class Sigma {

  private Sigma() {}

  static Translation translate(String yaml) {
    return new SigmaTranslator().translate(yaml);
  }

  /** Translates a rule that must have no problems and returns its filter template. */
  static String filter(String yaml) {
    Translation t = translate(yaml);
    assertThat(t.problems()).as("problems of\n%s", yaml).isEmpty();
    return (String) t.rule().get("filter");
  }

  /** A Windows rule (no service: no logsource term) with this detection block (2-space indent). */
  static String windows(String detection) {
    return "title: Test rule\nid: test-rule\nlogsource:\n  product: windows\ndetection:\n"
        + indent(detection);
  }

  /** The filter of a Windows rule with this detection block. */
  static String windowsFilter(String detection) {
    return filter(windows(detection));
  }

  static String indent(String block) {
    StringBuilder sb = new StringBuilder();
    for (String line : block.split("\n")) {
      sb.append("  ").append(line).append('\n');
    }
    return sb.toString();
  }

  static boolean matches(String filter, Event event) {
    return Expressions.test(filter, SigmaTranslator.FILTER_SCOPE, Map.of("event", event.toMap()));
  }

  /** A Windows record: attributes as the windows-security parser keeps them (key, value, …). */
  static Event win(Object... kv) {
    Map<String, Object> attributes = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      attributes.put((String) kv[i], kv[i + 1]);
    }
    return new Event(
        null,
        null,
        Instant.parse("2024-01-01T00:00:00Z"),
        null,
        new Event.Source("windows-security", "DC01", null),
        "auth",
        "authentication",
        "logon",
        "failure",
        3,
        null,
        Event.Actor.user(text(attributes.get("TargetUserName")), null),
        new Event.Endpoint(text(attributes.get("IpAddress")), null, null),
        null,
        null,
        attributes,
        null);
  }

  private static String text(Object o) {
    return o instanceof String s ? s : null;
  }

  /** An sshd syslog line. */
  static Event sshd(String message) {
    return new Event(
        null,
        null,
        Instant.parse("2024-01-01T00:00:00Z"),
        null,
        new Event.Source("syslog-sshd", "LabSZ", null),
        "auth",
        "authentication",
        "logon",
        "failure",
        3,
        message,
        Event.Actor.user("root", null),
        new Event.Endpoint("183.62.140.253", 46821, null),
        null,
        null,
        Map.of(),
        "Dec 10 06:55:46 LabSZ sshd[24200]: " + message);
  }

  static List<String> pointers(Translation t) {
    return t.problems().stream().map(Finding::pointer).toList();
  }
}
