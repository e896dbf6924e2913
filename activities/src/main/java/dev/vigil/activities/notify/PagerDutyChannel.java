package dev.vigil.activities.notify;

import dev.vigil.activities.connection.ResolvedConnection;
import dev.vigil.activities.system.ActionException;
import dev.vigil.playbook.json.Json;
import dev.vigil.workflows.notify.Notification;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pages through PagerDuty's Events API v2 ({@code POST /v2/enqueue}): a {@code trigger} whose
 * {@code dedup_key} is the notification's key, so a retried delivery is the same alert in
 * PagerDuty. PagerDuty answers {@code 202 {"status": "success", "dedup_key": …}}; 400 is a bad
 * event (refused), 429 and 5xx are retried.
 */
public final class PagerDutyChannel implements Channel {

  public static final String DEFAULT_URL = "https://events.pagerduty.com/v2/enqueue";

  @Override
  public String provider() {
    return "pagerduty";
  }

  @Override
  public Map<String, Object> send(ResolvedConnection c, String target, Message m) {
    String key = c.secret("routingKey");
    if (key == null || key.isBlank()) {
      throw new ActionException(REFUSED, "connection '" + c.name() + "' has no routingKey");
    }
    Notification n = m.notification();
    Map<String, Object> details = new LinkedHashMap<>(n.fields());
    if (n.text() != null) {
      details.put("text", n.text());
    }
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("summary", n.title().length() > 1024 ? n.title().substring(0, 1024) : n.title());
    payload.put("source", "vigil/" + n.tenant());
    payload.put("severity", severity(n.severity()));
    payload.put("component", n.event());
    payload.put("custom_details", details);
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("routing_key", key);
    event.put("event_action", "trigger");
    event.put("dedup_key", n.key().length() > 255 ? n.key().substring(0, 255) : n.key());
    event.put("payload", payload);
    if (m.link() != null) {
      event.put("links", List.of(Map.of("href", m.link(), "text", "Open in Vigil")));
    }
    String url = String.valueOf(c.config().getOrDefault("eventsUrl", DEFAULT_URL));
    var r =
        HttpChannels.send(
            HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(HttpChannels.timeoutSeconds(c.config())))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(event)))
                .build(),
            "PagerDuty");
    Map<String, Object> answer = new LinkedHashMap<>();
    try {
      Object parsed = Json.MAPPER.readValue(r.body(), Map.class);
      if (parsed instanceof Map<?, ?> a && a.get("dedup_key") != null) {
        answer.put("dedupKey", String.valueOf(a.get("dedup_key")));
      }
    } catch (java.io.IOException notJson) {
      // accepted all the same (2xx); nothing to keep
    }
    return answer;
  }

  /** PagerDuty's four severities from Vigil's five. */
  static String severity(String s) {
    if (s == null) {
      return "warning"; // approvals: someone has to act
    }
    return switch (s) {
      case "critical" -> "critical";
      case "high" -> "error";
      case "medium" -> "warning";
      default -> "info";
    };
  }
}
