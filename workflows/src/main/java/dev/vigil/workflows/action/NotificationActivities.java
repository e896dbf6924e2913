package dev.vigil.workflows.action;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Notifies people about runs (approval escalations). */
@ActivityInterface
public interface NotificationActivities {

  /**
   * Delivers an escalation for an approval that is still open. An activity (not workflow code)
   * because delivery is I/O. Retried with backoff for up to 5 attempts; a failed escalation is
   * recorded on the approval but never fails the run.
   */
  @ActivityMethod(name = "NotifyEscalation")
  void escalate(EscalationNotice notice);
}
