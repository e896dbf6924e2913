package dev.vigil.activities.notify;

import dev.vigil.store.approval.ApprovalRecord;
import dev.vigil.store.approval.ApprovalRepository;
import dev.vigil.store.notify.NotificationRepository;
import dev.vigil.workflows.notify.DigestActivities;
import dev.vigil.workflows.notify.Notification;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The daily digest of pending approvals: one notification per tenant that routes it. */
public class DigestActivitiesImpl implements DigestActivities {

  /** Approvals listed in one digest; the count says how many more there are. */
  static final int LISTED = 50;

  private final NotificationRepository routes;
  private final ApprovalRepository approvals;
  private final Notifier notifier;

  public DigestActivitiesImpl(
      NotificationRepository routes, ApprovalRepository approvals, Notifier notifier) {
    this.routes = routes;
    this.approvals = approvals;
    this.notifier = notifier;
  }

  @Override
  public int send(String day) {
    int sent = 0;
    for (String tenant : routes.tenantsRouting(Notification.APPROVAL_DIGEST)) {
      var page = approvals.list(tenant, ApprovalRecord.PENDING, LISTED, null);
      List<ApprovalRecord> pending = page.items();
      if (pending.isEmpty()) {
        continue; // nothing waits: no digest
      }
      StringBuilder text = new StringBuilder();
      for (ApprovalRecord a : pending) {
        text.append("• ")
            .append(a.playbookKey())
            .append(": ")
            .append(a.prompt())
            .append(" (waiting since ")
            .append(a.openedAt())
            .append(a.dueAt() == null ? "" : ", due " + a.dueAt())
            .append(")\n");
      }
      boolean more = page.nextCursor() != null;
      Map<String, String> fields = new LinkedHashMap<>();
      fields.put("Pending", pending.size() + (more ? "+" : ""));
      fields.put(
          "Oldest since",
          pending.stream()
              .map(ApprovalRecord::openedAt)
              .min(java.util.Comparator.naturalOrder())
              .orElseThrow()
              .toString());
      notifier.send(
          new Notification(
              tenant,
              Notification.APPROVAL_DIGEST + "/" + day,
              Notification.APPROVAL_DIGEST,
              null,
              (more ? "More than " + pending.size() : Integer.toString(pending.size()))
                  + " approval"
                  + (pending.size() == 1 && !more ? "" : "s")
                  + " waiting",
              text.toString().strip(),
              "/approvals",
              fields,
              null));
      sent++;
    }
    return sent;
  }
}
