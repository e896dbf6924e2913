package dev.vigil.activities.notify;

import dev.vigil.workflows.notify.Notification;
import java.util.Map;

/**
 * A notification as a channel renders it: the notification and the absolute link into Vigil's UI.
 *
 * @param link {@code publicUrl + notification.link()}, or null when the notification has none or
 *     the public URL is not known
 */
public record Message(Notification notification, String link) {

  static Message of(Notification n, String publicUrl) {
    // without a public URL there is no link: Slack and PagerDuty take absolute URLs only
    boolean known = publicUrl != null && !publicUrl.isBlank();
    return new Message(
        n, n.link() == null || !known ? null : publicUrl.replaceAll("/+$", "") + n.link());
  }

  public String title() {
    return notification.title();
  }

  public String text() {
    return notification.text();
  }

  public Map<String, String> fields() {
    return notification.fields();
  }

  /** Plain text: the title, the text, the fields one per line, and the link. */
  public String plain() {
    StringBuilder b = new StringBuilder(title()).append("\n\n");
    if (text() != null && !text().isBlank()) {
      b.append(text()).append("\n\n");
    }
    fields().forEach((k, v) -> b.append(k).append(": ").append(v).append('\n'));
    if (link != null) {
      b.append('\n').append(link).append('\n');
    }
    return b.toString();
  }
}
