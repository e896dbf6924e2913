package dev.vigil.workflows.playbook;

import dev.vigil.workflows.action.EscalationNotice;
import dev.vigil.workflows.action.NotificationActivities;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Records escalations delivered by runs. */
final class RecordingNotifications implements NotificationActivities {

  final List<EscalationNotice> sent = Collections.synchronizedList(new ArrayList<>());

  @Override
  public void escalate(EscalationNotice notice) {
    sent.add(notice);
  }
}
