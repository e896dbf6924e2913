package dev.vigil.workflows.notify;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Something to tell people about through the tenant's notification routes. It carries what the
 * message says — never a secret: channels and their credentials are resolved on the worker.
 *
 * @param key unique per notification ({@code approval.opened/<runId>/<stepId>}); a notification is
 *     sent once per key, and a Slack message can be found again by it
 * @param event {@code approval.opened}, {@code approval.escalated}, {@code approval.digest} (the
 *     daily list of pending approvals), {@code approval.decided} (not routable: it updates what
 *     {@code approval.opened} posted), {@code incident.opened}, {@code incident.sla_breached} or
 *     {@code billing.payment} (a failed payment's grace period: opened, reminders, recovered,
 *     downgraded)
 * @param severity the incident's severity; null for approvals (routes by severity then match)
 * @param title one line
 * @param text the message
 * @param link where to act in the UI, a path such as {@code /runs/<id>} (the worker prefixes its
 *     public URL)
 * @param fields context shown with the message, in order (playbook, due, severity, …)
 * @param approval for approval events: the run and step that a decision names
 */
public record Notification(
    String tenant,
    String key,
    String event,
    String severity,
    String title,
    String text,
    String link,
    Map<String, String> fields,
    Approval approval) {

  public static final String APPROVAL_OPENED = "approval.opened";
  public static final String APPROVAL_ESCALATED = "approval.escalated";
  public static final String APPROVAL_DECIDED = "approval.decided";
  public static final String INCIDENT_OPENED = "incident.opened";
  public static final String INCIDENT_SLA_BREACHED = "incident.sla_breached";
  public static final String APPROVAL_DIGEST = "approval.digest";
  public static final String BILLING_PAYMENT = "billing.payment";

  /** The events a route may send. */
  public static final java.util.List<String> ROUTABLE =
      java.util.List.of(
          APPROVAL_OPENED,
          APPROVAL_ESCALATED,
          APPROVAL_DIGEST,
          INCIDENT_OPENED,
          INCIDENT_SLA_BREACHED,
          BILLING_PAYMENT);

  public Notification {
    fields = fields == null ? Map.of() : new LinkedHashMap<>(fields);
  }

  /**
   * The approval a notification is about.
   *
   * @param status {@code pending} while open, else its outcome ({@code approved}, {@code rejected},
   *     {@code timed_out}, …)
   * @param decidedBy who decided, once decided
   */
  public record Approval(String runId, String stepId, String status, String decidedBy) {}

  /** The key of an approval's notifications: one per event and approval. */
  public static String approvalKey(String event, String runId, String stepId) {
    return event + "/" + runId + "/" + stepId;
  }
}
