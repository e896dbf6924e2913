package dev.vigil.activities.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.workflows.action.EscalationNotice;
import dev.vigil.workflows.notify.Notification;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An approval's escalation is handed to the tenant's routes as {@code approval.escalated}. */
class EscalationNoticeTest {

  @Test
  void eachRungOfTheLadderIsANotificationOfItsOwnAndARetryOfOneIsTheSame() {
    List<Notification> sent = new ArrayList<>();
    NotificationActivitiesImpl notifications = new NotificationActivitiesImpl(null, sent::add);
    EscalationNotice first =
        new EscalationNotice(
            "acme",
            "run-1",
            "contain",
            "contain-ssh-brute-force",
            List.of("role:soc-lead"),
            "Still waiting: block 203.0.113.7?",
            "2026-12-01T10:00:00Z",
            "2026-12-01T11:00:00Z");
    EscalationNotice second =
        new EscalationNotice(
            "acme",
            "run-1",
            "contain",
            "contain-ssh-brute-force",
            List.of("user:ciso"),
            "Nobody decided in 30 minutes",
            "2026-12-01T10:00:00Z",
            "2026-12-01T11:00:00Z");
    notifications.escalate(first);
    notifications.escalate(first); // the activity retried
    notifications.escalate(second);

    assertThat(sent).hasSize(3);
    assertThat(sent).allMatch(n -> n.event().equals(Notification.APPROVAL_ESCALATED));
    assertThat(sent.get(0).key())
        .isEqualTo(sent.get(1).key())
        .startsWith("approval.escalated/run-1/contain/");
    assertThat(sent.get(2).key()).isNotEqualTo(sent.get(0).key());
    Notification n = sent.get(0);
    assertThat(n.tenant()).isEqualTo("acme");
    assertThat(n.text()).isEqualTo("Still waiting: block 203.0.113.7?");
    assertThat(n.link()).isEqualTo("/runs/run-1");
    assertThat(n.fields())
        .containsEntry("Escalated to", "role:soc-lead")
        .containsEntry("Due", "2026-12-01T11:00:00Z");
    assertThat(n.approval().status())
        .as("still open: Slack shows its buttons")
        .isEqualTo("pending");
  }
}
