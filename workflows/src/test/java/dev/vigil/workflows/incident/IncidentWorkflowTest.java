package dev.vigil.workflows.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.workflows.incident.IncidentPolicy.BreachActions;
import dev.vigil.workflows.incident.IncidentPolicy.Response;
import dev.vigil.workflows.incident.IncidentPolicy.Sla;
import dev.vigil.workflows.incident.IncidentPolicy.Targets;
import dev.vigil.workflows.incident.IncidentPolicy.TaskSpec;
import dev.vigil.workflows.system.FailureTypes;
import dev.vigil.workflows.system.TaskQueues;
import dev.vigil.workflows.system.WorkflowTypes;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The incident workflow on Temporal's test service, with time skipping. */
class IncidentWorkflowTest {

  static final String TENANT = "acme";
  static final IncidentActor ANALYST = new IncidentActor(TENANT, "ana", List.of("analyst"));
  static final IncidentActor VIEWER = new IncidentActor(TENANT, "vic", List.of("viewer"));
  static final Sla SLA =
      new Sla(
          Map.of(
              "high", new Targets("10m", "1h", "4h"),
              "critical", new Targets("5m", "30m", "2h"),
              "medium", new Targets("1h", "4h", "1d")),
          0.8,
          new BreachActions(true, true, "group:soc-l2", List.of("role:soc-lead")));

  final RecordingIncidents activities = new RecordingIncidents();
  TestWorkflowEnvironment env;
  WorkflowClient client;

  @BeforeEach
  void start() {
    FakeRunWorkflow.started.clear();
    env = TestWorkflowEnvironment.newInstance();
    env.newWorker(TaskQueues.INCIDENTS)
        .registerWorkflowImplementationTypes(WorkflowTypes.on(TaskQueues.INCIDENTS));
    env.getWorkerFactory()
        .getWorker(TaskQueues.INCIDENTS)
        .registerActivitiesImplementations(activities);
    env.newWorker(TaskQueues.PLAYBOOK_RUNS)
        .registerWorkflowImplementationTypes(FakeRunWorkflow.class);
    env.start();
    client = env.getWorkflowClient();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  static IncidentPolicy policy(List<Response> responses, List<TaskSpec> tasks) {
    return new IncidentPolicy(
        "entity=ip:203.0.113.7", true, SLA, responses, tasks, "7d", Map.of("sla", 2));
  }

  static OpenIncident input(String id, String severity, IncidentPolicy policy, int historyLimit) {
    return new OpenIncident(
        TENANT,
        id,
        "Brute force from 203.0.113.7",
        severity,
        null,
        "vigil",
        policy,
        null,
        historyLimit);
  }

  static AlertRef alert(String id, String severity) {
    return new AlertRef(
        id,
        "login-failures-per-source",
        1,
        "Many failed logins from one source",
        severity,
        "ip",
        "203.0.113.7",
        Map.of("src.ip", "203.0.113.7", "user.name", "root"),
        List.of("T1110"),
        "2026-12-01T10:00:00Z",
        3561);
  }

  IncidentWorkflow stub(String id) {
    return client.newWorkflowStub(IncidentWorkflow.class, OpenIncident.workflowId(TENANT, id));
  }

  /** What the router does: signal-with-start. */
  void route(OpenIncident in, AlertRef a) {
    IncidentWorkflow wf =
        client.newWorkflowStub(
            IncidentWorkflow.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(TaskQueues.INCIDENTS)
                .setWorkflowId(OpenIncident.workflowId(in.tenant(), in.incidentId()))
                .build());
    BatchRequest req = client.newSignalWithStartRequest();
    req.add(wf::run, in);
    req.add(wf::attachAlert, a);
    var execution = client.signalWithStart(req);
    firstRuns.putIfAbsent(in.incidentId(), execution.getRunId());
  }

  /** The first execution of each incident (the replay test records its history). */
  final Map<String, String> firstRuns = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Waits for what the workflow does on its own. A minute, not seconds: when a signal races a
   * continue-as-new, the test service may only retry the workflow task after its 10 s timeout.
   */
  void await(BooleanSupplier condition) {
    long until = System.currentTimeMillis() + 60_000;
    while (!condition.getAsBoolean()) {
      assertThat(System.currentTimeMillis()).as("condition within 60 s").isLessThan(until);
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** The incident's alert count, or -1 while it is between two executions. */
  long alertCount(String id) {
    try {
      return stub(id).state().alertCount();
    } catch (RuntimeException e) {
      return -1;
    }
  }

  static String refusal(Throwable t) {
    return ((ApplicationFailure) ((WorkflowUpdateException) t).getCause()).getType();
  }

  @Test
  void alertsOfOneCampaignMakeOneIncidentAndARedeliveredAlertIsIgnored() {
    OpenIncident in = input("i1", "high", policy(List.of(), List.of()), 0);
    route(in, alert("a1", "high"));
    route(in, alert("a2", "critical"));
    route(in, alert("a1", "high")); // the router sent it again after a lost answer
    await(
        () -> stub("i1").state().alertCount() == 2 && activities.kinds("i1").contains("severity"));
    IncidentSnapshot s = stub("i1").state();
    assertThat(s.alertCount()).isEqualTo(2);
    assertThat(s.severity()).as("a critical alert raises the incident").isEqualTo("critical");
    assertThat(s.entities()).containsExactly(new IncidentRequests.Entity("ip", "203.0.113.7"));
    assertThat(activities.kinds("i1"))
        .containsSubsequence("opened", "alert_attached", "alert_attached", "severity");
    assertThat(activities.kinds("i1").stream().filter("alert_attached"::equals)).hasSize(2);
    assertThat(
            activities.changes.stream()
                .flatMap(c -> c.observables().stream())
                .map(o -> o.kind() + ":" + o.value()))
        .contains("ip:203.0.113.7", "user:root");
  }

  @Test
  void whileTheStoreIsDownTheIncidentWaitsAndLosesNothing() {
    activities.failNext.set(3);
    route(input("down", "high", policy(List.of(), List.of()), 0), alert("a1", "high"));
    env.sleep(Duration.ofSeconds(10));
    await(() -> activities.lastRow("down") != null);
    assertThat(activities.kinds("down")).containsExactly("opened", "alert_attached");
    assertThat(stub("down").state().status()).isEqualTo(IncidentStatus.NEW);
  }

  @Test
  void warnsAt80PercentThenBreachesRaisesSeverityReassignsAndNotifies() {
    route(input("i2", "high", policy(List.of(), List.of()), 0), alert("a1", "high"));
    await(() -> activities.lastRow("i2") != null);
    Instant opened = Instant.parse(activities.lastRow("i2").openedAt());
    assertThat(Instant.parse(activities.lastRow("i2").acknowledgeBy()))
        .isEqualTo(opened.plus(Duration.ofMinutes(10)));

    env.sleep(Duration.ofMinutes(7));
    assertThat(activities.kinds("i2")).doesNotContain("sla_warning");
    env.sleep(Duration.ofSeconds(70)); // 8 min 10 s: past 80 % of 10 minutes
    await(() -> activities.kinds("i2").contains("sla_warning"));
    assertThat(activities.kinds("i2")).doesNotContain("sla_breach");

    env.sleep(Duration.ofMinutes(2));
    await(() -> activities.kinds("i2").contains("notified"));
    IncidentSnapshot s = stub("i2").state();
    assertThat(s.breaches()).isEqualTo(1);
    assertThat(s.severity()).as("raised one level").isEqualTo("critical");
    assertThat(s.assignee()).isEqualTo("group:soc-l2");
    assertThat(activities.notices)
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.type()).isEqualTo("incident.sla_breach");
              assertThat(n.recipients()).containsExactly("role:soc-lead");
            });
    assertThat(activities.lastRow("i2").breached()).isTrue();
  }

  @Test
  void pausingStopsTheClockAndTheHistoryShowsIt() {
    route(input("i3", "high", policy(List.of(), List.of()), 0), alert("a1", "high"));
    await(() -> activities.lastRow("i3") != null);
    env.sleep(Duration.ofMinutes(5));
    stub("i3").pauseSla(new IncidentRequests.PauseSla(ANALYST, true, "waiting for the customer"));
    assertThat(activities.lastRow("i3").acknowledgeBy()).as("no due time while paused").isNull();
    env.sleep(Duration.ofHours(3));
    assertThat(activities.kinds("i3")).doesNotContain("sla_warning", "sla_breach");
    stub("i3").pauseSla(new IncidentRequests.PauseSla(ANALYST, false, null));
    env.sleep(Duration.ofMinutes(4)); // 9 active minutes: warned, not breached
    await(() -> activities.kinds("i3").contains("sla_warning"));
    assertThat(activities.kinds("i3")).doesNotContain("sla_breach");
    env.sleep(Duration.ofMinutes(2));
    await(() -> activities.kinds("i3").contains("sla_breach"));
    assertThat(activities.kinds("i3"))
        .containsSubsequence("sla_paused", "sla_resumed", "sla_warning", "sla_breach");
  }

  @Test
  void acknowledgingInTimeStopsTheAcknowledgeClockAndRecordsTheDuration() {
    route(input("i4", "high", policy(List.of(), List.of()), 0), alert("a1", "high"));
    await(() -> activities.lastRow("i4") != null);
    env.sleep(Duration.ofMinutes(3));
    stub("i4").acknowledge(new IncidentRequests.Acknowledge(ANALYST));
    env.sleep(Duration.ofMinutes(30));
    assertThat(activities.kinds("i4")).doesNotContain("sla_breach");
    assertThat(activities.lastRow("i4").timeToAcknowledge()).isBetween(180_000L, 185_000L);
    assertThat(activities.lastRow("i4").acknowledgeBy()).isNull();
  }

  @Test
  void refusesIllegalTransitionsViewersOtherTenantsAndClosingWithOpenMandatoryTasks() {
    route(
        input(
            "i5",
            "medium",
            policy(List.of(), List.of(new TaskSpec("scope", "Scope it", true, null, "4h", null))),
            0),
        alert("a1", "medium"));
    await(() -> activities.lastRow("i5") != null);
    IncidentWorkflow wf = stub("i5");
    wf.setStatus(new IncidentRequests.SetStatus(ANALYST, "contained", null));

    assertThatThrownBy(
            () -> wf.setStatus(new IncidentRequests.SetStatus(ANALYST, "acknowledged", null)))
        .satisfies(
            t -> {
              assertThat(refusal(t)).isEqualTo(FailureTypes.INCIDENT_ILLEGAL_TRANSITION);
              ApplicationFailure af = (ApplicationFailure) t.getCause();
              assertThat(af.getDetails().get(String.class))
                  .isEqualTo("in_progress,resolved,closed");
            });
    assertThatThrownBy(() -> wf.comment(new IncidentRequests.Comment(VIEWER, "hi", List.of())))
        .satisfies(t -> assertThat(refusal(t)).isEqualTo(FailureTypes.INCIDENT_FORBIDDEN));
    assertThatThrownBy(
            () ->
                wf.comment(
                    new IncidentRequests.Comment(
                        new IncidentActor("other", "ana", List.of("admin")), "hi", List.of())))
        .satisfies(t -> assertThat(refusal(t)).isEqualTo(FailureTypes.INCIDENT_FORBIDDEN));
    assertThatThrownBy(
            () -> wf.setStatus(new IncidentRequests.SetStatus(ANALYST, "resolved", null)))
        .satisfies(t -> assertThat(refusal(t)).isEqualTo(FailureTypes.INCIDENT_INVALID));
    assertThatThrownBy(
            () -> wf.setStatus(new IncidentRequests.SetStatus(ANALYST, "closed", "true_positive")))
        .satisfies(t -> assertThat(refusal(t)).isEqualTo(FailureTypes.INCIDENT_CONFLICT))
        .satisfies(t -> assertThat(t.getCause().getMessage()).contains("Scope it"));

    wf.updateTask(new IncidentRequests.UpdateTask(ANALYST, "scope", "done", null, null));
    IncidentSnapshot closed =
        wf.setStatus(new IncidentRequests.SetStatus(ANALYST, "closed", "true_positive"));
    assertThat(closed.status()).isEqualTo(IncidentStatus.CLOSED);
    assertThat(closed.closeReason()).isEqualTo("true_positive");
    assertThat(activities.lastRow("i5").handlingTime()).isNotNull();
    // refused changes never entered the history
    long updates =
        client.fetchHistory(OpenIncident.workflowId(TENANT, "i5")).getEvents().stream()
            .filter(
                e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)
            .count();
    assertThat(updates).isEqualTo(3);
  }

  @Test
  void anAlertAfterResolutionReopensTheIncident() {
    OpenIncident in = input("i6", "high", policy(List.of(), List.of()), 0);
    route(in, alert("a1", "high"));
    await(() -> activities.lastRow("i6") != null);
    stub("i6").setStatus(new IncidentRequests.SetStatus(ANALYST, "resolved", "true_positive"));
    route(in, alert("a2", "high"));
    await(() -> activities.kinds("i6").contains("reopened"));
    IncidentSnapshot s = stub("i6").state();
    assertThat(s.status()).isEqualTo(IncidentStatus.NEW);
    assertThat(s.closeReason()).isNull();
    assertThat(activities.lastRow("i6").acknowledgeBy())
        .as("the acknowledge clock restarts")
        .isNotNull();
  }

  @Test
  void mergeClosesTheAbsorbedAsDuplicateAndTheSurvivorTakesItsContent() {
    route(input("keep", "medium", policy(List.of(), List.of()), 0), alert("a1", "medium"));
    AlertRef other =
        new AlertRef(
            "a9",
            "login-new-origin",
            1,
            "New origin",
            "high",
            "user",
            "alice",
            Map.of(),
            List.of(),
            "2026-12-01T10:00:00Z",
            1);
    route(input("dup", "medium", policy(List.of(), List.of()), 0), other);
    await(() -> activities.lastRow("keep") != null && activities.lastRow("dup") != null);
    stub("dup").tag(new IncidentRequests.Tag(ANALYST, List.of("phishing"), List.of()));
    activities.absorbedAlerts = 1;

    IncidentSnapshot dup = stub("dup").merge(new IncidentRequests.Merge(ANALYST, "keep"));
    assertThat(dup.status()).isEqualTo(IncidentStatus.CLOSED);
    assertThat(dup.closeReason()).isEqualTo("duplicate");
    assertThat(dup.mergedInto()).isEqualTo("keep");
    await(() -> activities.kinds("keep").contains("absorbed"));
    IncidentSnapshot keep = stub("keep").state();
    assertThat(keep.entities()).contains(new IncidentRequests.Entity("user", "alice"));
    assertThat(keep.tags()).contains("phishing");
    assertThat(keep.alertCount()).isEqualTo(2);
    assertThat(activities.changes.stream().filter(c -> "dup".equals(c.absorbedFrom())).count())
        .isEqualTo(1);
    // the absorbed workflow has ended: it takes no more changes
    WorkflowStub untyped = WorkflowStub.fromTyped(stub("dup"));
    untyped.getResult(IncidentSnapshot.class);
    assertThatThrownBy(
            () -> stub("dup").comment(new IncidentRequests.Comment(ANALYST, "x", List.of())))
        .isInstanceOf(RuntimeException.class);
  }

  @Test
  void theResponsePolicyStartsItsPlaybookOnceWithInputsFromTheIncident() {
    Response contain =
        new Response(
            "contain-high",
            "incident.opened",
            "incident.severity in ['high', 'critical']",
            "incident-containment",
            Map.of(
                "incident", "${{ incident.id }}", "ip", "${{ alert.entity.value }}", "fixed", "x"),
            false);
    Response onAlert =
        new Response(
            "each-alert",
            "alert.attached",
            null,
            "enrich",
            Map.of("ip", "${{ alert.entity.value }}"),
            true);
    Response broken = new Response("broken", "incident.opened", null, "missing", Map.of(), false);
    OpenIncident in = input("i7", "high", policy(List.of(contain, onAlert, broken), List.of()), 0);
    route(in, alert("a1", "high"));
    route(in, alert("a2", "high"));
    await(
        () -> FakeRunWorkflow.started.size() == 3 && activities.kinds("i7").contains("run_failed"));
    assertThat(FakeRunWorkflow.started)
        .extracting(r -> r.playbook().key())
        .containsExactlyInAnyOrder("incident-containment", "enrich", "enrich");
    var run =
        FakeRunWorkflow.started.stream()
            .filter(r -> r.playbook().key().equals("incident-containment"))
            .findFirst()
            .orElseThrow();
    assertThat(run.inputs())
        .containsEntry("incident", "i7")
        .containsEntry("ip", "203.0.113.7")
        .containsEntry("fixed", "x");
    assertThat(run.trigger()).containsEntry("type", "incident").containsEntry("incidentId", "i7");
    assertThat(run.startedBy()).isEqualTo("incident:i7");
    assertThat(stub("i7").state().runs()).hasSize(3);
    assertThat(activities.timeline("i7").stream().filter(t -> t.kind().equals("run_failed")))
        .singleElement()
        .satisfies(t -> assertThat(t.summary()).contains("missing"));
  }

  @Test
  void aTasksPlaybookRunsWhenAnAnalystAsksStartedByThemAndLinkedToTheTask() {
    TaskSpec contain =
        new TaskSpec(
            "contain",
            "Block the source",
            true,
            "incident-containment",
            null,
            Map.of(
                "ip",
                "${{ incident.entities.filter(e, e.kind == 'ip')[0].value }}",
                "reason",
                "default"));
    TaskSpec scope = new TaskSpec("scope", "Scope it", false, null, null, null);
    TaskSpec broken =
        new TaskSpec("broken", "Run a missing playbook", false, "missing", null, null);
    OpenIncident in = input("t1", "high", policy(List.of(), List.of(contain, scope, broken)), 0);
    route(in, alert("a1", "high"));
    await(() -> activities.lastRow("t1") != null);

    IncidentSnapshot after =
        stub("t1")
            .runTask(
                new IncidentRequests.RunTask(ANALYST, "contain", Map.of("reason", "ticket 42")));
    assertThat(after.runs())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.responseId()).isEqualTo("task:contain");
              assertThat(r.playbook()).isEqualTo("incident-containment");
            });
    await(() -> FakeRunWorkflow.started.size() == 1);
    var run = FakeRunWorkflow.started.get(0);
    assertThat(run.inputs())
        .as("the task's inputs resolved over the incident, the analyst's laid over them")
        .containsEntry("ip", "203.0.113.7")
        .containsEntry("reason", "ticket 42");
    assertThat(run.startedBy()).as("four-eyes: the analyst started it").isEqualTo("ana");
    assertThat(run.trigger()).containsEntry("on", "task").containsEntry("task", "contain");
    assertThat(activities.timeline("t1").stream().filter(t -> t.kind().equals("run_started")))
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.actor()).isEqualTo("ana");
              assertThat(t.summary()).contains("task contain");
            });

    assertThatThrownBy(
            () -> stub("t1").runTask(new IncidentRequests.RunTask(ANALYST, "scope", Map.of())))
        .as("a task without a playbook")
        .satisfies(e -> assertThat(refusal(e)).isEqualTo(FailureTypes.INCIDENT_CONFLICT));
    assertThatThrownBy(
            () -> stub("t1").runTask(new IncidentRequests.RunTask(VIEWER, "contain", Map.of())))
        .satisfies(e -> assertThat(refusal(e)).isEqualTo(FailureTypes.INCIDENT_FORBIDDEN));
    assertThatThrownBy(
            () -> stub("t1").runTask(new IncidentRequests.RunTask(ANALYST, "nope", Map.of())))
        .satisfies(e -> assertThat(refusal(e)).isEqualTo(FailureTypes.INCIDENT_ITEM_NOT_FOUND));
    assertThatThrownBy(
            () -> stub("t1").runTask(new IncidentRequests.RunTask(ANALYST, "broken", Map.of())))
        .as("a playbook that cannot start fails the update with the reason")
        .satisfies(
            e -> {
              assertThat(refusal(e)).isEqualTo(FailureTypes.INCIDENT_INVALID);
              assertThat(e.getCause().getMessage()).contains("no playbook 'missing'");
            });
    assertThat(activities.kinds("t1")).as("and it is on the timeline").contains("run_failed");
    stub("t1").updateTask(new IncidentRequests.UpdateTask(ANALYST, "contain", "done", null, null));
    assertThatThrownBy(
            () -> stub("t1").runTask(new IncidentRequests.RunTask(ANALYST, "contain", Map.of())))
        .as("a done task")
        .satisfies(e -> assertThat(refusal(e)).isEqualTo(FailureTypes.INCIDENT_CONFLICT));
    assertThat(FakeRunWorkflow.started).hasSize(1);
    assertThat(stub("t1").state().runs()).hasSize(1);
  }

  @Test
  void continuesAsNewKeepingItsStateAndClocks() {
    OpenIncident in = input("can", "high", policy(List.of(), List.of()), 40);
    for (int i = 0; i < 120; i++) {
      route(in, alert("c" + i, "high"));
      if (i == 10) {
        stub("can").assign(new IncidentRequests.Assign(ANALYST, "ana"));
      }
    }
    await(() -> alertCount("can") == 120);
    await(
        () ->
            client
                    .fetchHistory(OpenIncident.workflowId(TENANT, "can"), firstRuns.get("can"))
                    .getLastEvent()
                    .getEventType()
                == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
    IncidentSnapshot s = stub("can").state();
    assertThat(s.assignee()).isEqualTo("ana");
    env.sleep(Duration.ofMinutes(11));
    await(() -> activities.kinds("can").contains("sla_breach"));
    assertThat(stub("can").state().breaches())
        .as("the clock survived continue-as-new")
        .isEqualTo(1);
  }

  @Test
  void tenThousandAlertsStayInsideTemporalsLimitsByContinuingAsNew() {
    OpenIncident in = input("big", "high", policy(List.of(), List.of()), 600);
    route(in, alert("a0", "high"));
    // the router delivers from several threads at once
    java.util.stream.IntStream.range(1, 10_000)
        .parallel()
        .forEach(i -> route(in, alert("a" + i, "high")));
    await(() -> alertCount("big") == 10_000);
    IncidentSnapshot s = stub("big").state();
    assertThat(s.recentAlerts()).hasSize(IncidentCase.RECENT_ALERTS);
    long attached =
        activities.changes.stream()
            .flatMap(c -> c.attached().stream())
            .map(IncidentChange.Attached::alertId)
            .distinct()
            .count();
    assertThat(attached).as("every alert reached the store").isEqualTo(10_000);
    var history = client.fetchHistory(OpenIncident.workflowId(TENANT, "big")).getEvents();
    assertThat(history.size()).as("the current execution's history stays small").isLessThan(3_000);
    // and the incident still works after continuing as new
    IncidentSnapshot acked = stub("big").acknowledge(new IncidentRequests.Acknowledge(ANALYST));
    assertThat(acked.status()).isEqualTo(IncidentStatus.ACKNOWLEDGED);
    assertThat(acked.alertCount()).isEqualTo(10_000);
  }
}
