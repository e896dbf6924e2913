package dev.vigil.workflows.incident;

import dev.vigil.playbook.model.Durations;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import io.temporal.workflow.WorkflowLock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * Thin Temporal shell around {@link IncidentCase}: a loop that sleeps until the next SLA deadline
 * or until a signal or update needs work, and a lock so that the loop and the update handlers
 * change and project the incident one at a time, in order.
 */
public class IncidentWorkflowImpl implements IncidentWorkflow {

  private static final Logger log = Workflow.getLogger(IncidentWorkflowImpl.class);

  private static final LocalActivityOptions PROJECTION =
      dev.vigil.workflows.system.Projections.LOCAL_ACTIVITY;

  private static final ActivityOptions NOTIFY =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setMaximumAttempts(5)
                  .setInitialInterval(Duration.ofSeconds(2))
                  .build())
          .build();

  /** Alerts attached per projected change, and per turn of the loop. */
  static final int ALERTS_PER_CHANGE = 100;

  static final int ALERTS_PER_TURN = 500;

  private final OpenIncident input;
  private final IncidentCase kase;
  private final IncidentChecks checks;
  private final IncidentRunStarter runs;
  private final WorkflowLock lock = Workflow.newWorkflowLock();
  private final IncidentActivities projection =
      Workflow.newLocalActivityStub(IncidentActivities.class, PROJECTION);
  private final IncidentActivities notifications =
      Workflow.newActivityStub(IncidentActivities.class, NOTIFY);
  private final List<AlertRef> inbox = new ArrayList<>();
  private final List<IncidentRequests.Absorb> absorbs = new ArrayList<>();
  private boolean wake;

  @WorkflowInit
  public IncidentWorkflowImpl(OpenIncident input) {
    this.input = input;
    this.kase = new IncidentCase(input, Workflow.currentTimeMillis());
    this.checks = new IncidentChecks(kase);
    this.runs = new IncidentRunStarter(input, kase);
  }

  @Override
  public IncidentSnapshot run(OpenIncident in) {
    while (true) {
      lock.lock();
      try {
        step();
      } finally {
        lock.unlock();
      }
      if (kase.mergedInto() != null || retentionOver()) {
        break;
      }
      if (!inbox.isEmpty()) {
        // more alerts than one turn takes: end this workflow task (a short timer) so that no
        // task's commands grow large, then take the next turn
        Workflow.sleep(Duration.ofMillis(1));
        continue;
      }
      if (historyFull()) {
        Workflow.await(Workflow::isEveryHandlerFinished);
        if (inbox.isEmpty() && absorbs.isEmpty()) {
          // a signal that arrives before this completes makes Temporal retry the task with it
          Workflow.continueAsNew(input.carrying(kase.snapshot()));
        }
        continue;
      }
      Duration wait = untilNextDeadline();
      wake = false;
      if (wait == null) {
        Workflow.await(this::hasWork);
      } else {
        Workflow.await(wait, this::hasWork);
      }
    }
    Workflow.await(Workflow::isEveryHandlerFinished);
    return kase.snapshot();
  }

  private boolean hasWork() {
    return wake || !inbox.isEmpty() || !absorbs.isEmpty();
  }

  private boolean historyFull() {
    return Workflow.getInfo().isContinueAsNewSuggested()
        || Workflow.getInfo().getHistoryLength() > input.historyLimit();
  }

  private boolean retentionOver() {
    Long closed = kase.closedAt();
    return kase.status() == IncidentStatus.CLOSED
        && closed != null
        && now() >= closed + retention().toMillis();
  }

  private Duration retention() {
    return Durations.parse(kase.policy().closedRetention()).orElse(Duration.ofDays(7));
  }

  /** Until the next SLA deadline or the end of the reopen window; null = no timer. */
  private Duration untilNextDeadline() {
    long now = now();
    Long next = kase.nextSlaDue(now);
    if (kase.status() == IncidentStatus.CLOSED && kase.closedAt() != null) {
      long end = kase.closedAt() + retention().toMillis();
      next = next == null ? end : Math.min(next, end);
    }
    return next == null ? null : Duration.ofMillis(Math.max(1, next - now));
  }

  /** One turn of the loop: alerts, merges, SLA, responses, then the store. Under the lock. */
  private void step() {
    long now = now();
    // a bounded number of alerts per turn and per change, so no task or payload grows large
    for (int turn = 0; turn < ALERTS_PER_TURN / ALERTS_PER_CHANGE && !inbox.isEmpty(); turn++) {
      int n = Math.min(ALERTS_PER_CHANGE, inbox.size());
      List<AlertRef> chunk = List.copyOf(inbox.subList(0, n));
      inbox.subList(0, n).clear();
      for (AlertRef a : chunk) {
        kase.attach(a, IncidentActor.SYSTEM, now);
      }
      flush();
    }
    List<IncidentRequests.Absorb> merged = List.copyOf(absorbs);
    absorbs.clear();
    for (IncidentRequests.Absorb m : merged) {
      kase.absorb(m, now);
      flush(); // one merge per change: the store moves that incident's items with it
    }
    if (!kase.fireSla(now).isEmpty()) {
      breachActions(now);
    }
    flush();
    runs.respond();
    flush();
  }

  private void breachActions(long now) {
    IncidentPolicy.BreachActions actions = kase.policy().sla().onBreach();
    kase.applyBreachActions(now);
    if (!actions.sendNotice()) {
      return;
    }
    IncidentSnapshot s = kase.snapshot();
    try {
      notifications.sendNotice(
          new IncidentNotice(
              input.tenant(),
              input.incidentId(),
              "incident.sla_breach",
              s.title(),
              s.severity(),
              actions.recipients(),
              "SLA breached on incident " + input.incidentId() + ": " + s.title()));
      kase.note(
          IncidentActor.SYSTEM,
          "notified",
          "Notified " + (actions.recipients().isEmpty() ? "the team" : actions.recipients()),
          Map.of("recipients", actions.recipients()),
          now());
    } catch (ActivityFailure f) {
      kase.note(
          IncidentActor.SYSTEM,
          "notify_failed",
          "Breach notification failed: " + message(f),
          Map.of("error", message(f)),
          now());
    }
  }

  private void flush() {
    IncidentChange c = kase.drainChange(now());
    if (c != null) {
      long moved = projection.project(c);
      if (c.absorbedFrom() != null) {
        kase.countAbsorbed(moved);
      }
    }
  }

  static String message(TemporalFailure f) {
    Throwable cause = f.getCause() == null ? f : f.getCause();
    return cause instanceof TemporalFailure tf ? tf.getOriginalMessage() : cause.getMessage();
  }

  static long now() {
    return Workflow.currentTimeMillis();
  }

  // ---------------------------------------------------------------- handlers

  @Override
  public IncidentSnapshot state() {
    return kase.snapshot();
  }

  @Override
  public void attachAlert(AlertRef alert) {
    inbox.add(alert);
  }

  @Override
  public void absorb(IncidentRequests.Absorb request) {
    absorbs.add(request);
  }

  /** Re-checks under the lock (the state may have moved since validation), applies, projects. */
  private <T> IncidentSnapshot change(T request, Consumer<T> check, Consumer<T> apply) {
    lock.lock();
    try {
      refuse(() -> check.accept(request));
      apply.accept(request);
      flush();
      wake = true; // the loop starts responses, re-arms SLA timers
      return kase.snapshot();
    } finally {
      lock.unlock();
    }
  }

  private static void refuse(Runnable check) {
    refuse(
        () -> {
          check.run();
          return null;
        });
  }

  private static <T> T refuse(java.util.function.Supplier<T> check) {
    try {
      return check.get();
    } catch (IncidentRefused e) {
      throw ApplicationFailure.newNonRetryableFailure(
          e.getMessage(), e.type(), String.join(",", e.allowed()));
    }
  }

  @Override
  public IncidentSnapshot acknowledge(IncidentRequests.Acknowledge r) {
    return change(r, checks::validateAcknowledge, x -> kase.acknowledge(x, now()));
  }

  @Override
  public void validateAcknowledge(IncidentRequests.Acknowledge r) {
    refuse(() -> checks.validateAcknowledge(r));
  }

  @Override
  public IncidentSnapshot assign(IncidentRequests.Assign r) {
    return change(r, checks::validateAssign, x -> kase.assign(x, now()));
  }

  @Override
  public void validateAssign(IncidentRequests.Assign r) {
    refuse(() -> checks.validateAssign(r));
  }

  @Override
  public IncidentSnapshot setStatus(IncidentRequests.SetStatus r) {
    return change(r, checks::validateStatus, x -> kase.setStatus(x, now()));
  }

  @Override
  public void validateSetStatus(IncidentRequests.SetStatus r) {
    refuse(() -> checks.validateStatus(r));
  }

  @Override
  public IncidentSnapshot setSeverity(IncidentRequests.SetSeverity r) {
    return change(r, checks::validateSeverity, x -> kase.setSeverity(x, now()));
  }

  @Override
  public void validateSetSeverity(IncidentRequests.SetSeverity r) {
    refuse(() -> checks.validateSeverity(r));
  }

  @Override
  public IncidentSnapshot comment(IncidentRequests.Comment r) {
    return change(r, checks::validateComment, x -> kase.comment(x, now()));
  }

  @Override
  public void validateComment(IncidentRequests.Comment r) {
    refuse(() -> checks.validateComment(r));
  }

  @Override
  public IncidentSnapshot tag(IncidentRequests.Tag r) {
    return change(r, checks::validateTag, x -> kase.tag(x, now()));
  }

  @Override
  public void validateTag(IncidentRequests.Tag r) {
    refuse(() -> checks.validateTag(r));
  }

  @Override
  public IncidentSnapshot addObservable(IncidentRequests.AddObservable r) {
    return change(r, checks::validateObservable, x -> kase.addObservable(x, now()));
  }

  @Override
  public void validateAddObservable(IncidentRequests.AddObservable r) {
    refuse(() -> checks.validateObservable(r));
  }

  @Override
  public IncidentSnapshot linkAlert(IncidentRequests.LinkAlert r) {
    return change(r, checks::validateLink, x -> kase.link(x, now()));
  }

  @Override
  public void validateLinkAlert(IncidentRequests.LinkAlert r) {
    refuse(() -> checks.validateLink(r));
  }

  @Override
  public IncidentSnapshot merge(IncidentRequests.Merge r) {
    return change(
        r,
        checks::validateMerge,
        x -> {
          // the survivor is told first: if it cannot be, nothing here changes
          Workflow.newExternalWorkflowStub(
                  IncidentWorkflow.class, OpenIncident.workflowId(input.tenant(), x.into()))
              .absorb(
                  new IncidentRequests.Absorb(
                      x.actor(),
                      input.incidentId(),
                      kase.entities(),
                      kase.tags(),
                      kase.severity()));
          kase.mergeInto(x, now());
        });
  }

  @Override
  public void validateMerge(IncidentRequests.Merge r) {
    refuse(() -> checks.validateMerge(r));
  }

  @Override
  public IncidentSnapshot pauseSla(IncidentRequests.PauseSla r) {
    return change(r, checks::validatePause, x -> kase.pause(x, now()));
  }

  @Override
  public void validatePauseSla(IncidentRequests.PauseSla r) {
    refuse(() -> checks.validatePause(r));
  }

  @Override
  public IncidentSnapshot updateTask(IncidentRequests.UpdateTask r) {
    return change(r, checks::validateTask, x -> kase.updateTask(x, now()));
  }

  @Override
  public void validateUpdateTask(IncidentRequests.UpdateTask r) {
    refuse(() -> checks.validateTask(r));
  }

  @Override
  public IncidentSnapshot runTask(IncidentRequests.RunTask r) {
    lock.lock();
    try {
      Map<String, Object> inputs = refuse(() -> checks.validateRunTask(r));
      IncidentSnapshot.Task task =
          kase.tasks().stream().filter(t -> t.id().equals(r.taskId())).findFirst().orElseThrow();
      Map<String, Object> trigger = new LinkedHashMap<>();
      trigger.put("type", "incident");
      trigger.put("incidentId", input.incidentId());
      trigger.put("on", "task");
      trigger.put("task", task.id());
      String failed =
          runs.start(
              new Responses.Planned(IncidentCase.TASK_RUN + task.id(), task.playbook(), inputs),
              trigger,
              r.actor().user(),
              r.actor().user());
      flush();
      wake = true;
      if (failed != null) {
        // recorded on the timeline; the caller learns why at once
        throw ApplicationFailure.newNonRetryableFailure(
            "playbook " + task.playbook() + " could not start: " + failed,
            dev.vigil.workflows.system.FailureTypes.INCIDENT_INVALID);
      }
      return kase.snapshot();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void validateRunTask(IncidentRequests.RunTask r) {
    refuse(() -> checks.validateRunTask(r));
  }
}
