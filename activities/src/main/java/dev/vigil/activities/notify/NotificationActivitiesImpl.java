package dev.vigil.activities.notify;

import dev.vigil.playbook.json.Json;
import dev.vigil.workflows.action.EscalationNotice;
import dev.vigil.workflows.action.NotificationActivities;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers approval escalations and incident notices: as a JSON POST to {@code
 * vigil.notify.webhook-url} when it is set (a chat bridge, an on-call tool), and always as a WARN
 * log line. Slack and e-mail delivery come with those integrations.
 */
public class NotificationActivitiesImpl implements NotificationActivities {

  private static final Logger log = LoggerFactory.getLogger(NotificationActivitiesImpl.class);

  private final URI webhook;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /**
   * @param webhookUrl where to POST escalations, or null/blank to only log them
   */
  public NotificationActivitiesImpl(String webhookUrl) {
    this.webhook = webhookUrl == null || webhookUrl.isBlank() ? null : URI.create(webhookUrl);
  }

  @Override
  public void escalate(EscalationNotice n) {
    log.warn(
        "escalation: run {} step {} ({}) still waiting; notify {}: {}",
        n.runId(),
        n.stepId(),
        n.playbookKey(),
        n.recipients(),
        n.message());
    if (webhook == null) {
      return;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "approval.escalation");
    body.put("tenant", n.tenant());
    body.put("runId", n.runId());
    body.put("stepId", n.stepId());
    body.put("playbook", n.playbookKey());
    body.put("recipients", n.recipients());
    body.put("message", n.message());
    body.put("openedAt", n.openedAt());
    body.put("dueAt", n.dueAt());
    post(body, "escalation");
  }

  /** Logs an incident notice and posts it to the webhook when one is set. */
  public void incident(dev.vigil.workflows.incident.IncidentNotice n) {
    log.warn(
        "{}: incident {} ({}, {}); notify {}: {}",
        n.type(),
        n.incidentId(),
        n.title(),
        n.severity(),
        n.recipients(),
        n.message());
    if (webhook == null) {
      return;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", n.type());
    body.put("tenant", n.tenant());
    body.put("incidentId", n.incidentId());
    body.put("title", n.title());
    body.put("severity", n.severity());
    body.put("recipients", n.recipients());
    body.put("message", n.message());
    post(body, n.type());
  }

  private void post(Map<String, Object> body, String what) {
    HttpRequest req =
        HttpRequest.newBuilder(webhook)
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)))
            .build();
    try {
      int status = client.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
      if (status >= 300) {
        throw ApplicationFailure.newFailure(what + " webhook answered " + status, "NotifyFailed");
      }
    } catch (IOException e) {
      throw ApplicationFailure.newFailure(
          what + " webhook failed: " + e.getMessage(), "NotifyFailed");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure(what + " interrupted", "NotifyFailed");
    }
  }
}
