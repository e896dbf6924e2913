package dev.vigil.workflows.incident;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One incident, for its whole life: alerts join it, people and playbooks change it, its SLA clocks
 * warn and breach, its response policy starts playbooks. Workflow id {@code
 * incident/{tenant}/{incidentId}} ({@link OpenIncident#workflowId}); task queue {@code incidents}.
 * Every change is projected to PostgreSQL before the update returns, so lists and pages read the
 * store, never the workflow.
 *
 * <p>Every change a person makes is an update with a validator: the caller learns at once whether
 * it was accepted (a refused change — wrong tenant, viewer, illegal transition — never enters the
 * history), and each returns the incident's state after the change.
 */
@WorkflowInterface
public interface IncidentWorkflow {

  /**
   * Lives until the incident is closed and its reopen window ({@link
   * IncidentPolicy#closedRetention}) has passed, or until it is merged into another; continues as
   * new before its history grows large. Never retried: an incident is opened once
   * (signal-with-start makes a second open a no-op).
   */
  @WorkflowMethod
  IncidentSnapshot run(OpenIncident input);

  /** The incident's state. A query because it only reads. */
  @QueryMethod
  IncidentSnapshot state();

  /**
   * An alert correlation routed to this incident. A signal, used with signal-with-start, so the
   * first alert of a campaign opens the incident and the next ones join it; the router need not
   * wait. A redelivered alert is ignored.
   */
  @SignalMethod
  void attachAlert(AlertRef alert);

  /**
   * Another incident was merged into this one (sent by the absorbed incident's {@link #merge}): its
   * alerts, comments and observables move here with where they came from. A signal because the
   * absorbed incident has already closed; it need not wait for this one.
   */
  @SignalMethod
  void absorb(IncidentRequests.Absorb request);

  /** {@code new → acknowledged}; refused in any other status. */
  @UpdateMethod
  IncidentSnapshot acknowledge(IncidentRequests.Acknowledge request);

  @UpdateValidatorMethod(updateName = "acknowledge")
  void validateAcknowledge(IncidentRequests.Acknowledge request);

  /** Assigns to a user or a group, or unassigns. */
  @UpdateMethod
  IncidentSnapshot assign(IncidentRequests.Assign request);

  @UpdateValidatorMethod(updateName = "assign")
  void validateAssign(IncidentRequests.Assign request);

  /**
   * Moves the lifecycle ({@link IncidentStatus#allowedNext}); resolved and closed need a reason,
   * closed also no open mandatory task. Reopening (resolved/closed → in_progress) restarts the
   * contain and resolve clocks.
   */
  @UpdateMethod
  IncidentSnapshot setStatus(IncidentRequests.SetStatus request);

  @UpdateValidatorMethod(updateName = "setStatus")
  void validateSetStatus(IncidentRequests.SetStatus request);

  /** Sets the severity (the SLA targets follow it; alerts no longer raise it). */
  @UpdateMethod
  IncidentSnapshot setSeverity(IncidentRequests.SetSeverity request);

  @UpdateValidatorMethod(updateName = "setSeverity")
  void validateSetSeverity(IncidentRequests.SetSeverity request);

  /** Adds a Markdown comment to the timeline. */
  @UpdateMethod
  IncidentSnapshot comment(IncidentRequests.Comment request);

  @UpdateValidatorMethod(updateName = "comment")
  void validateComment(IncidentRequests.Comment request);

  /** Adds and removes tags. */
  @UpdateMethod
  IncidentSnapshot tag(IncidentRequests.Tag request);

  @UpdateValidatorMethod(updateName = "tag")
  void validateTag(IncidentRequests.Tag request);

  /** Adds an observable (checked: an IP is an IP). */
  @UpdateMethod
  IncidentSnapshot addObservable(IncidentRequests.AddObservable request);

  @UpdateValidatorMethod(updateName = "addObservable")
  void validateAddObservable(IncidentRequests.AddObservable request);

  /** Links an alert by hand, or unlinks one. */
  @UpdateMethod
  IncidentSnapshot linkAlert(IncidentRequests.LinkAlert request);

  @UpdateValidatorMethod(updateName = "linkAlert")
  void validateLinkAlert(IncidentRequests.LinkAlert request);

  /**
   * Merges this incident into {@code into}: this one closes as {@code duplicate} pointing there and
   * signals it to {@link #absorb} its alerts, comments and observables; then this workflow ends.
   */
  @UpdateMethod
  IncidentSnapshot merge(IncidentRequests.Merge request);

  @UpdateValidatorMethod(updateName = "merge")
  void validateMerge(IncidentRequests.Merge request);

  /** Pauses the SLA clocks (waiting for the customer) or resumes them. */
  @UpdateMethod
  IncidentSnapshot pauseSla(IncidentRequests.PauseSla request);

  @UpdateValidatorMethod(updateName = "pauseSla")
  void validatePauseSla(IncidentRequests.PauseSla request);

  /** Changes a task's status, assignee or due date. */
  @UpdateMethod
  IncidentSnapshot updateTask(IncidentRequests.UpdateTask request);

  @UpdateValidatorMethod(updateName = "updateTask")
  void validateUpdateTask(IncidentRequests.UpdateTask request);

  /**
   * Starts the playbook bound to a task as a run linked to this incident (its response id is {@code
   * task:<taskId>}), started by the caller, so four-eyes keeps the caller from approving it.
   * Refused for a task without a playbook, a task that is not open, or a resolved incident; a
   * playbook that cannot start (not published, bad inputs) is recorded on the timeline and fails
   * the update with the reason.
   */
  @UpdateMethod
  IncidentSnapshot runTask(IncidentRequests.RunTask request);

  @UpdateValidatorMethod(updateName = "runTask")
  void validateRunTask(IncidentRequests.RunTask request);
}
