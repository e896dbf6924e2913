package dev.vigil.workflows.incident;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** What the incident workflow asks of the outside world besides starting playbooks. */
@ActivityInterface
public interface IncidentActivities {

  /**
   * Writes one change of an incident into PostgreSQL in one transaction: its row (sequence-guarded,
   * never backwards), timeline entries, attached and detached alerts, observables, runs and tasks;
   * for a merge it also moves the absorbed incident's alerts, comments and observables here,
   * keeping where each came from. Idempotent, so retries and replays never duplicate anything.
   * Called as a local activity, retried with backoff without limit: while the database is down the
   * incident waits, it never loses a change.
   *
   * @return the alerts a merge moved here (0 for other changes)
   */
  @ActivityMethod(name = "ProjectIncidentChange")
  long project(IncidentChange change);

  /**
   * Notifies about an SLA breach (webhook and log today; the notification routes of the Slack and
   * e-mail integrations later). Retried up to 5 times; a failure is written to the timeline and
   * never stops the incident.
   */
  @ActivityMethod(name = "NotifyIncident")
  void sendNotice(IncidentNotice notice);
}
