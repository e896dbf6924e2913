package dev.vigil.activities.slack;

import dev.vigil.activities.notify.Message;
import dev.vigil.playbook.json.Json;
import dev.vigil.workflows.notify.Notification;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Block Kit of Vigil's Slack messages. An open approval carries Approve and Reject buttons
 * whose value names the run and step (never a tenant or a secret: the interactions URL and the
 * request's signature say which connection, hence which tenant, a click belongs to).
 */
public final class SlackMessages {

  /** The {@code action_id}s of the buttons; the interactions endpoint reads them back. */
  public static final String APPROVE = "vigil_approve";

  public static final String REJECT = "vigil_reject";

  private SlackMessages() {}

  /** The message of a notification: title, text, fields, and buttons for an open approval. */
  public static String blocks(Message m) {
    List<Object> blocks = content(m);
    List<Object> buttons = new ArrayList<>();
    Notification.Approval a = m.notification().approval();
    if (a != null && "pending".equals(a.status())) {
      String value = Json.write(Map.of("runId", a.runId(), "stepId", a.stepId()));
      buttons.add(button(APPROVE, "Approve", "primary", value, null));
      buttons.add(button(REJECT, "Reject", "danger", value, null));
    }
    if (m.link() != null) {
      buttons.add(button("vigil_open", "Open in Vigil", null, null, m.link()));
    }
    if (!buttons.isEmpty()) {
      blocks.add(Map.of("type", "actions", "block_id", "vigil_actions", "elements", buttons));
    }
    return Json.write(blocks);
  }

  /** The same message once decided: the buttons give way to the outcome and who decided. */
  public static String decided(Message m) {
    List<Object> blocks = content(m);
    Notification.Approval a = m.notification().approval();
    String outcome = a == null ? "decided" : a.status();
    String mark =
        switch (outcome) {
          case "approved" -> ":white_check_mark: Approved";
          case "rejected" -> ":no_entry: Rejected";
          case "timed_out" -> ":hourglass: Timed out";
          case "cancelled" -> ":heavy_minus_sign: Cancelled";
          default -> "Decided (" + escape(outcome) + ")";
        };
    String by = a == null || a.decidedBy() == null ? "" : " by " + escape(a.decidedBy());
    String open = m.link() == null ? "" : " · <" + m.link() + "|Open in Vigil>";
    blocks.add(
        Map.of(
            "type",
            "context",
            "elements",
            List.of(Map.of("type", "mrkdwn", "text", mark + by + open))));
    return Json.write(blocks);
  }

  /** The plain-text fallback Slack shows in notifications and to screen readers. */
  public static String fallback(Message m) {
    return m.title() + (m.text() == null ? "" : ": " + m.text());
  }

  private static List<Object> content(Message m) {
    List<Object> blocks = new ArrayList<>();
    blocks.add(Map.of("type", "header", "text", plain(truncate(m.title(), 150))));
    if (m.text() != null && !m.text().isBlank()) {
      blocks.add(Map.of("type", "section", "text", mrkdwn(truncate(escape(m.text()), 3000))));
    }
    List<Object> fields = new ArrayList<>();
    for (Map.Entry<String, String> f : m.fields().entrySet()) {
      if (fields.size() == 10) {
        break; // Slack's limit per section
      }
      fields.add(
          mrkdwn(
              "*"
                  + escape(f.getKey())
                  + "*\n"
                  + truncate(escape(String.valueOf(f.getValue())), 1900)));
    }
    if (!fields.isEmpty()) {
      blocks.add(Map.of("type", "section", "fields", fields));
    }
    return blocks;
  }

  private static Map<String, Object> button(
      String id, String text, String style, String value, String url) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("type", "button");
    b.put("action_id", id);
    b.put("text", plain(text));
    if (style != null) {
      b.put("style", style);
    }
    if (value != null) {
      b.put("value", value);
    }
    if (url != null) {
      b.put("url", url);
    }
    return b;
  }

  private static Map<String, Object> plain(String text) {
    return Map.of("type", "plain_text", "text", text, "emoji", true);
  }

  private static Map<String, Object> mrkdwn(String text) {
    return Map.of("type", "mrkdwn", "text", text);
  }

  /** Slack's escaping of the three characters its mrkdwn gives meaning to. */
  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
