package dev.vigil.activities.notify;

import dev.vigil.playbook.json.Json;
import dev.vigil.workflows.action.EscalationNotice;
import dev.vigil.workflows.action.NotificationActivities;
import dev.vigil.workflows.notify.Notification;
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
 * Approval escalations and incident notices: handed to the tenant's notification routes (Slack,
 * e-mail, webhook, PagerDuty — {@link Notifier}), logged as a WARN line, and POSTed as JSON to the
 * installation-wide {@code vigil.notify.webhook-url} when it is set.
 */
public class NotificationActivitiesImpl implements NotificationActivities {

  private static final Logger log = LoggerFactory.getLogger(NotificationActivitiesImpl.class);

  private final URI webhook;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private final Notifier notifier;

  /**
   * @param webhookUrl where to POST escalations, or null/blank to only log them
   */
  public NotificationActivitiesImpl(String webhookUrl) {
    this(webhookUrl, Notifier.NONE);
  }

  /**
   * @param webhookUrl where to POST escalations too, or null/blank
   * @param notifier the tenant's routes
   */
  public NotificationActivitiesImpl(String webhookUrl, Notifier notifier) {
    this.webhook = webhookUrl == null || webhookUrl.isBlank() ? null : URI.create(webhookUrl);
    this.notifier = notifier;
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
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("Playbook", n.playbookKey());
    if (!n.recipients().isEmpty()) {
      fields.put("Escalated to", String.join(", ", n.recipients()));
    }
    fields.put("Opened", n.openedAt());
    if (n.dueAt() != null) {
      fields.put("Due", n.dueAt());
    }
    fields.put("Run", n.runId());
    notifier.send(
        new Notification(
            n.tenant(),
            // one per escalation of the approval: its ladder rung is its recipients and message
            Notification.approvalKey(Notification.APPROVAL_ESCALATED, n.runId(), n.stepId())
                + "/"
                + once(n.recipients() + "|" + n.message()),
            Notification.APPROVAL_ESCALATED,
            null,
            "Still waiting for approval: " + n.playbookKey(),
            n.message(),
            "/runs/" + n.runId(),
            fields,
            new Notification.Approval(n.runId(), n.stepId(), "pending", null)));
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
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("Severity", n.severity());
    fields.put("Incident", n.incidentId());
    if (!n.recipients().isEmpty()) {
      fields.put("For", String.join(", ", n.recipients()));
    }
    notifier.send(
        new Notification(
            n.tenant(),
            Notification.INCIDENT_SLA_BREACHED + "/" + n.incidentId() + "/" + once(n.message()),
            "incident.sla_breach".equals(n.type()) ? Notification.INCIDENT_SLA_BREACHED : n.type(),
            n.severity(),
            "SLA breached: " + n.title(),
            n.message(),
            "/incidents/" + n.incidentId(),
            fields,
            null));
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

  /**
   * What makes this notice one of its own: the activity that sends it (the same on every retry,
   * another for the next escalation or breach), or, called outside an activity, its content.
   */
  private static String once(String content) {
    try {
      var info = io.temporal.activity.Activity.getExecutionContext().getInfo();
      return info.getWorkflowRunId() + "-" + info.getActivityId();
    } catch (IllegalStateException notInAnActivity) {
      return Integer.toHexString(content.hashCode());
    }
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
