package dev.vigil.activities.projection;

import dev.vigil.workflows.notify.Notification;
import dev.vigil.workflows.playbook.ApprovalState;
import dev.vigil.workflows.projection.RunEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The notifications of an approval's transitions: opened while pending, decided after. */
final class ApprovalNotices {

  private ApprovalNotices() {}

  static Notification of(RunEvent e) {
    ApprovalState a = e.approval();
    boolean open = "pending".equals(a.status());
    String event = open ? Notification.APPROVAL_OPENED : Notification.APPROVAL_DECIDED;
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("Playbook", e.playbookKey());
    List<String> who = new ArrayList<>();
    if (a.roles() != null) {
      a.roles().forEach(r -> who.add("role " + r));
    }
    if (a.users() != null) {
      who.addAll(a.users());
    }
    if (!who.isEmpty()) {
      fields.put("Approvers", String.join(", ", who));
    }
    if (a.quorum() > 1) {
      fields.put("Quorum", Long.toString(a.quorum()));
    }
    if (a.dueAt() != null) {
      fields.put("Due", a.dueAt());
    }
    fields.put("Run", e.runId());
    String title =
        open
            ? "Approval needed: " + e.playbookKey()
            : "Approval " + a.status().replace('_', ' ') + ": " + e.playbookKey();
    return new Notification(
        e.tenant(),
        Notification.approvalKey(event, e.runId(), a.stepId()),
        event,
        null,
        title,
        a.prompt(),
        "/runs/" + e.runId(),
        fields,
        new Notification.Approval(e.runId(), a.stepId(), a.status(), decidedBy(a)));
  }

  /**
   * Who decided, as people read it: the voters whose decision carried it (the workflow says {@code
   * votes} for those), or what decided it ({@code timeout}, …).
   */
  static String decidedBy(ApprovalState a) {
    if (a.decidedAt() == null) {
      return null;
    }
    String carried = "approved".equals(a.status()) ? "approve" : "reject";
    List<String> voters =
        a.votes() == null
            ? List.of()
            : a.votes().stream()
                .filter(v -> carried.equals(v.decision()))
                .map(dev.vigil.workflows.playbook.Vote::actor)
                .toList();
    return voters.isEmpty() || !List.of("approved", "rejected").contains(a.status())
        ? a.decidedBy()
        : String.join(", ", voters);
  }
}
