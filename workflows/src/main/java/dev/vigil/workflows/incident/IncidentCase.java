package dev.vigil.workflows.incident;

import dev.vigil.workflows.incident.IncidentChange.Observable;
import dev.vigil.workflows.incident.IncidentRequests.Entity;
import dev.vigil.workflows.incident.IncidentSnapshot.Milestones;
import dev.vigil.workflows.incident.IncidentSnapshot.RunLink;
import dev.vigil.workflows.incident.IncidentSnapshot.Task;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An incident's state and rules, in plain Java (no Temporal): lifecycle, severity, assignment,
 * tags, observables, tasks, SLA clocks, alerts. Each change is checked by a {@code validate…}
 * method (which throws {@link IncidentRefused}) and then applied; what it changed is collected and
 * handed to the store by {@link #drainChange}, and the triggers it raised by {@link
 * #drainTriggers}. The workflow is a shell around it.
 */
public final class IncidentCase {

  static final int MAX_ENTITIES = 50;
  static final int MAX_TAGS = 50;
  static final int MAX_COMMENT = 20_000;
  static final int RECENT_ALERTS = 2_000;
  static final List<String> SEVERITIES = List.of("info", "low", "medium", "high", "critical");
  static final List<String> TLPS = List.of("clear", "green", "amber", "red");
  static final List<String> OBSERVABLE_KINDS =
      List.of("ip", "user", "host", "domain", "hash", "url", "email", "process", "file");
  static final List<String> TASK_STATUSES = List.of("open", "done", "skipped");

  /** A trigger of automatic responses: what happened, and the alert when one was attached. */
  public record Trigger(String on, AlertRef alert) {}

  private final OpenIncident input;
  private final IncidentPolicy policy;
  private IncidentStatus status;
  private String severity;
  private boolean severityPinned;
  private String title;
  private final String description;
  private String assignee;
  private String closeReason;
  private String mergedInto;
  private final long openedAt;
  private long updatedAt;
  private final List<Entity> entities;
  private final Set<String> tags;
  private long alertCount;
  private final Deque<String> recentAlerts;
  private final Set<String> recentIndex;
  private final CaseSla sla;
  private final CaseTasks tasks;
  private final Set<String> firedResponses;
  private final List<RunLink> runs;
  private long seq;
  private Long acknowledgedAt;
  private Long containedAt;
  private Long resolvedAt;
  private Long closedAt;

  // pending for the store
  private final List<TimelineEntry> timeline = new ArrayList<>();
  private final List<IncidentChange.Attached> attached = new ArrayList<>();
  private final List<String> detached = new ArrayList<>();
  private final List<Observable> observables = new ArrayList<>();
  private final List<RunLink> newRuns = new ArrayList<>();
  private String absorbedFrom;
  private boolean rowChanged;
  private final List<Trigger> triggers = new ArrayList<>();

  /** Opens the incident at {@code now}, or restores it from the state {@code in} carries. */
  public IncidentCase(OpenIncident in, long now) {
    this.input = in;
    this.policy = in.policy() == null ? IncidentPolicy.none(null) : in.policy();
    IncidentSnapshot s = in.carried();
    this.description = s == null ? in.description() : s.description();
    if (s != null) {
      status = s.status();
      severity = s.severity();
      severityPinned = s.severityPinned();
      title = s.title();
      assignee = s.assignee();
      closeReason = s.closeReason();
      mergedInto = s.mergedInto();
      openedAt = s.openedAt();
      updatedAt = s.updatedAt();
      entities = new ArrayList<>(s.entities());
      tags = new LinkedHashSet<>(s.tags());
      alertCount = s.alertCount();
      recentAlerts = new ArrayDeque<>(s.recentAlerts());
      sla = CaseSla.restore(policy.sla(), s);
      tasks = CaseTasks.restore(s.tasks());
      firedResponses = new LinkedHashSet<>(s.firedResponses());
      runs = new ArrayList<>(s.runs());
      seq = s.seq();
      acknowledgedAt = s.milestones().acknowledged();
      containedAt = s.milestones().contained();
      resolvedAt = s.milestones().resolved();
      closedAt = s.milestones().closed();
    } else {
      status = IncidentStatus.NEW;
      severity = SEVERITIES.contains(in.severity()) ? in.severity() : "medium";
      title = in.title();
      openedAt = now;
      updatedAt = now;
      entities = new ArrayList<>();
      tags = new LinkedHashSet<>();
      recentAlerts = new ArrayDeque<>();
      sla = CaseSla.start(policy.sla(), severity, now);
      tasks = CaseTasks.open(policy.tasks(), now);
      firedResponses = new LinkedHashSet<>();
      runs = new ArrayList<>();
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("severity", severity);
      data.put("correlationKey", policy.correlationKey());
      data.put("policyVersions", policy.versions());
      entry(now, in.openedBy(), "opened", "Incident opened: " + title, data);
      if (policy.correlationKey() == null) {
        // opened by a person: no alert will open it; correlated ones fire with their first alert
        triggers.add(new Trigger("incident.opened", null));
      }
    }
    this.recentIndex = new LinkedHashSet<>(recentAlerts);
  }

  // ---------------------------------------------------------------- changes

  public void acknowledge(IncidentRequests.Acknowledge r, long now) {
    moveTo(IncidentStatus.ACKNOWLEDGED, null, r.actor().user(), now);
  }

  public void assign(IncidentRequests.Assign r, long now) {
    String before = assignee;
    assignee = r.assignee();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("from", before);
    data.put("to", assignee);
    entry(
        now,
        r.actor().user(),
        "assigned",
        assignee == null ? "Unassigned" : "Assigned to " + assignee,
        data);
  }

  public void setStatus(IncidentRequests.SetStatus r, long now) {
    IncidentStatus to = IncidentStatus.of(r.status()).orElseThrow();
    moveTo(to, r.reason(), r.actor().user(), now);
  }

  private void moveTo(IncidentStatus to, String reason, String actor, long now) {
    IncidentStatus from = status;
    boolean reopen = from.isDone() && !to.isDone();
    if (reopen) {
      closeReason = null;
      resolvedAt = null;
      closedAt = null;
      sla.restart(severity, List.of(SlaClocks.CONTAIN, SlaClocks.RESOLVE), now);
    }
    status = to;
    if (to.ordinal() >= IncidentStatus.ACKNOWLEDGED.ordinal()) {
      sla.stop(SlaClocks.ACKNOWLEDGE, now);
      if (acknowledgedAt == null) {
        acknowledgedAt = now;
      }
    }
    if (to.ordinal() >= IncidentStatus.CONTAINED.ordinal()) {
      sla.stop(SlaClocks.CONTAIN, now);
      if (containedAt == null) {
        containedAt = now;
      }
    }
    if (to.isDone()) {
      sla.stop(SlaClocks.RESOLVE, now);
      closeReason = reason;
      if (resolvedAt == null) {
        resolvedAt = now;
      }
      if (sla.paused()) { // nothing runs any more: the pause ends with the work
        sla.resume(now);
      }
    }
    if (to == IncidentStatus.CLOSED) {
      closedAt = now;
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("from", from.key());
    data.put("to", to.key());
    if (reason != null) {
      data.put("reason", reason);
    }
    String summary =
        reopen
            ? "Reopened (" + to.key() + ")"
            : "Status "
                + from.key()
                + " → "
                + to.key()
                + (reason == null ? "" : " (" + reason + ")");
    entry(now, actor, reopen ? "reopened" : "status", summary, data);
    triggers.add(new Trigger("status.changed", null));
  }

  public void setSeverity(IncidentRequests.SetSeverity r, long now) {
    severityPinned = true;
    changeSeverity(r.severity(), r.actor().user(), now, "set by " + r.actor().user());
  }

  private void changeSeverity(String to, String actor, long now, String why) {
    if (to.equals(severity)) {
      return;
    }
    String from = severity;
    severity = to;
    sla.retarget(severity);
    entry(
        now,
        actor,
        "severity",
        "Severity " + from + " → " + to + " (" + why + ")",
        Map.of("from", from, "to", to));
    triggers.add(new Trigger("severity.changed", null));
  }

  public void comment(IncidentRequests.Comment r, long now) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("body", r.body());
    data.put("mentions", r.mentions());
    entry(now, r.actor().user(), "comment", firstLine(r.body()), data);
  }

  public void tag(IncidentRequests.Tag r, long now) {
    List<String> added = r.add().stream().filter(t -> !tags.contains(t)).distinct().toList();
    List<String> removed = r.remove().stream().filter(tags::contains).distinct().toList();
    tags.addAll(added);
    removed.forEach(tags::remove);
    if (!added.isEmpty() || !removed.isEmpty()) {
      entry(
          now,
          r.actor().user(),
          "tags",
          "Tags"
              + (added.isEmpty() ? "" : " +" + added)
              + (removed.isEmpty() ? "" : " -" + removed),
          Map.of("added", added, "removed", removed));
    }
  }

  public void addObservable(IncidentRequests.AddObservable r, long now) {
    String value = Observables.normalize(r.kind(), r.value());
    String tlp = r.tlp() == null ? "amber" : r.tlp();
    observables.add(new Observable(r.kind(), value, tlp, source(r.actor()), iso(now)));
    entry(
        now,
        r.actor().user(),
        "observable",
        "Observable " + r.kind() + " " + value + " (TLP:" + tlp.toUpperCase() + ")",
        Map.of("kind", r.kind(), "value", value, "tlp", tlp));
  }

  /** Links an alert by hand; returns false when it is already linked. */
  public boolean link(IncidentRequests.LinkAlert r, long now) {
    if (r.link()) {
      return attach(r.alert(), r.actor().user(), now);
    }
    detached.add(r.alertId());
    recentIndex.remove(r.alertId());
    recentAlerts.remove(r.alertId());
    alertCount = Math.max(0, alertCount - 1);
    entry(
        now,
        r.actor().user(),
        "alert_detached",
        "Alert " + r.alertId() + " unlinked",
        Map.of("alertId", r.alertId()));
    return true;
  }

  /**
   * Attaches an alert that correlation routed here; returns false (and changes nothing) when it was
   * attached recently. A resolved incident reopens when the policy says so.
   */
  public boolean attach(AlertRef alert, String actor, long now) {
    if (recentIndex.contains(alert.alertId())) {
      return false;
    }
    if (status.isDone() && policy.reopenOnAlert() && status == IncidentStatus.RESOLVED) {
      reopenByAlert(alert, now);
    }
    recentAlerts.addLast(alert.alertId());
    recentIndex.add(alert.alertId());
    while (recentAlerts.size() > RECENT_ALERTS) {
      recentIndex.remove(recentAlerts.removeFirst());
    }
    if (alertCount == 0 && policy.correlationKey() != null) {
      triggers.add(new Trigger("incident.opened", alert));
    }
    alertCount++;
    attached.add(new IncidentChange.Attached(alert.alertId(), actor));
    if (alert.entityKind() != null && alert.entityValue() != null) {
      addEntity(new Entity(alert.entityKind(), alert.entityValue()));
    }
    for (Observable o : Observables.fromAlert(alert, iso(now))) {
      observables.add(o);
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("alertId", alert.alertId());
    data.put("rule", alert.ruleKey());
    data.put("severity", alert.severity());
    data.put("eventCount", alert.eventCount());
    entry(now, actor, "alert_attached", "Alert: " + alert.title(), data);
    triggers.add(new Trigger("alert.attached", alert));
    if (!severityPinned && rank(alert.severity()) > rank(severity)) {
      changeSeverity(alert.severity(), IncidentActor.SYSTEM, now, "alert " + alert.ruleKey());
    }
    return true;
  }

  private void reopenByAlert(AlertRef alert, long now) {
    IncidentStatus from = status;
    status = IncidentStatus.NEW;
    closeReason = null;
    resolvedAt = null;
    acknowledgedAt = null;
    containedAt = null;
    sla.restart(severity, SlaClocks.NAMES, now);
    entry(
        now,
        IncidentActor.SYSTEM,
        "reopened",
        "Reopened by a new alert (" + alert.ruleKey() + ")",
        Map.of("from", from.key(), "to", status.key(), "alertId", alert.alertId()));
    triggers.add(new Trigger("status.changed", null));
  }

  private void addEntity(Entity e) {
    if (!entities.contains(e) && entities.size() < MAX_ENTITIES) {
      entities.add(e);
    }
  }

  /** This incident is merged into another: it closes as a duplicate pointing there. */
  public void mergeInto(IncidentRequests.Merge r, long now) {
    moveTo(IncidentStatus.CLOSED, "duplicate", r.actor().user(), now);
    mergedInto = r.into();
    entry(
        now,
        r.actor().user(),
        "merged_into",
        "Merged into incident " + r.into(),
        Map.of("into", r.into()));
  }

  /** Another incident was merged into this one: its alerts, comments and observables move here. */
  public void absorb(IncidentRequests.Absorb r, long now) {
    absorbedFrom = r.fromIncidentId();
    r.entities().forEach(this::addEntity);
    for (String t : r.tags()) {
      if (tags.size() < MAX_TAGS) {
        tags.add(t);
      }
    }
    entry(
        now,
        r.actor().user(),
        "absorbed",
        "Incident " + r.fromIncidentId() + " merged into this one",
        Map.of("from", r.fromIncidentId()));
    if (r.severity() != null && !severityPinned && rank(r.severity()) > rank(severity)) {
      changeSeverity(r.severity(), IncidentActor.SYSTEM, now, "merged " + r.fromIncidentId());
    }
  }

  /** Counts the alerts a merge moved here (the store tells how many). */
  public void countAbsorbed(long alerts) {
    alertCount += alerts;
  }

  public void pause(IncidentRequests.PauseSla r, long now) {
    if (r.paused()) {
      sla.pause(now);
    } else {
      sla.resume(now);
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("paused", r.paused());
    if (r.reason() != null) {
      data.put("reason", r.reason());
    }
    entry(
        now,
        r.actor().user(),
        r.paused() ? "sla_paused" : "sla_resumed",
        (r.paused() ? "SLA paused" : "SLA resumed") + (r.reason() == null ? "" : ": " + r.reason()),
        data);
  }

  public void updateTask(IncidentRequests.UpdateTask r, long now) {
    Task u = tasks.update(r);
    if (u != null) {
      entry(
          now,
          r.actor().user(),
          "task",
          "Task '" + u.title() + "' " + u.status(),
          Map.of("taskId", u.id(), "status", u.status()));
    }
  }

  // ---------------------------------------------------------------- SLA

  /** Epoch millis of the next SLA warning or breach, or null when none can fall due. */
  public Long nextSlaDue(long now) {
    return sla.nextDue(now);
  }

  /** Fires the SLA warnings and breaches due at {@code now}; returns the breaches. */
  public List<SlaClocks.Fired> fireSla(long now) {
    List<SlaClocks.Fired> fired = sla.fire(now);
    List<SlaClocks.Fired> breachesNow = new ArrayList<>();
    for (SlaClocks.Fired f : fired) {
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("clock", f.clock());
      data.put("targetMillis", f.targetMillis());
      if (f.breach()) {
        breachesNow.add(f);
        entry(
            now,
            IncidentActor.SYSTEM,
            "sla_breach",
            "SLA breached: time to " + f.clock() + " exceeded " + human(f.targetMillis()),
            data);
      } else {
        entry(
            now,
            IncidentActor.SYSTEM,
            "sla_warning",
            "SLA warning: "
                + Math.round(policy.sla().warnAt() * 100)
                + " % of the time to "
                + f.clock()
                + " ("
                + human(f.targetMillis())
                + ") used",
            data);
      }
    }
    return breachesNow;
  }

  /** What a breach does besides being recorded: raise severity, reassign. */
  public void applyBreachActions(long now) {
    IncidentPolicy.BreachActions a = policy.sla().onBreach();
    if (a.raiseSeverity() && rank(severity) < SEVERITIES.size() - 1) {
      changeSeverity(SEVERITIES.get(rank(severity) + 1), IncidentActor.SYSTEM, now, "SLA breach");
    }
    if (a.reassignTo() != null && !a.reassignTo().equals(assignee)) {
      assign(
          new IncidentRequests.Assign(IncidentActor.system(input.tenant()), a.reassignTo()), now);
    }
  }

  // ---------------------------------------------------------------- responses

  /** The responses already started (once per incident unless they repeat). */
  public Set<String> firedResponses() {
    return java.util.Collections.unmodifiableSet(firedResponses);
  }

  public void markFired(String responseId) {
    firedResponses.add(responseId);
  }

  /** The prefix of {@link RunLink#responseId} for a run a task started: {@code task:<id>}. */
  public static final String TASK_RUN = "task:";

  /** Records a run the incident started, for a response or (by {@code actor}) for a task. */
  public void runStarted(RunLink run, String actor, long now) {
    runs.add(run);
    newRuns.add(run);
    entry(
        now,
        actor,
        "run_started",
        "Playbook " + run.playbook() + " started (" + origin(run.responseId()) + ")",
        Map.of("runId", run.runId(), "playbook", run.playbook(), "response", run.responseId()));
  }

  /** Records a run that could not start, and why. */
  public void runNotStarted(
      String responseId, String playbook, String why, String actor, long now) {
    entry(
        now,
        actor,
        "run_failed",
        "Playbook " + playbook + " could not start (" + origin(responseId) + "): " + why,
        Map.of("playbook", playbook, "response", responseId, "error", why));
  }

  private static String origin(String responseId) {
    return responseId.startsWith(TASK_RUN)
        ? "task " + responseId.substring(TASK_RUN.length())
        : "response " + responseId;
  }

  /** Records a note (a playbook's or a response condition's error). */
  public void note(String actor, String kind, String summary, Map<String, Object> data, long now) {
    entry(now, actor, kind, summary, data);
  }

  public List<Trigger> drainTriggers() {
    List<Trigger> out = List.copyOf(triggers);
    triggers.clear();
    return out;
  }

  // ---------------------------------------------------------------- views

  /** {@code incident} as response conditions and run inputs see it. */
  public Map<String, Object> variables() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", input.incidentId());
    m.put("title", title);
    m.put("status", status.key());
    m.put("severity", severity);
    m.put("assignee", assignee);
    m.put(
        "entities",
        entities.stream().map(e -> (Object) Map.of("kind", e.kind(), "value", e.value())).toList());
    m.put("tags", List.copyOf(tags));
    m.put("alertCount", alertCount);
    m.put("correlationKey", policy.correlationKey());
    return dev.vigil.playbook.json.Json.normalizeMap(m);
  }

  public IncidentStatus status() {
    return status;
  }

  String tenant() {
    return input.tenant();
  }

  String incidentId() {
    return input.incidentId();
  }

  List<Task> tasks() {
    return tasks.list();
  }

  boolean slaPaused() {
    return sla.paused();
  }

  public String mergedInto() {
    return mergedInto;
  }

  public Long closedAt() {
    return closedAt;
  }

  public IncidentPolicy policy() {
    return policy;
  }

  public String severity() {
    return severity;
  }

  public List<Entity> entities() {
    return List.copyOf(entities);
  }

  public List<String> tags() {
    return List.copyOf(tags);
  }

  public IncidentSnapshot snapshot() {
    return new IncidentSnapshot(
        status,
        severity,
        severityPinned,
        title,
        description,
        assignee,
        closeReason,
        mergedInto,
        openedAt,
        updatedAt,
        entities,
        List.copyOf(tags),
        alertCount,
        List.copyOf(recentAlerts),
        sla.clocks(),
        sla.pausedSince(),
        sla.pausedTotal(),
        sla.warnings(),
        sla.breaches(),
        tasks.list(),
        List.copyOf(firedResponses),
        runs,
        seq,
        new Milestones(acknowledgedAt, containedAt, resolvedAt, closedAt));
  }

  /** What changed since the last call, for the store; null when nothing did. */
  public IncidentChange drainChange(long now) {
    if (!rowChanged && timeline.isEmpty() && !tasks.changed() && observables.isEmpty()) {
      return null;
    }
    IncidentChange c =
        new IncidentChange(
            input.tenant(),
            input.incidentId(),
            seq,
            IncidentRows.row(snapshot(), input.openedBy(), policy, now),
            timeline,
            attached,
            detached,
            observables,
            newRuns,
            tasks.drain(),
            absorbedFrom);
    timeline.clear();
    attached.clear();
    detached.clear();
    observables.clear();
    newRuns.clear();
    absorbedFrom = null;
    rowChanged = false;
    return c;
  }

  // ---------------------------------------------------------------- helpers

  private void entry(
      long now, String actor, String kind, String summary, Map<String, Object> data) {
    seq++;
    updatedAt = now;
    rowChanged = true;
    timeline.add(new TimelineEntry(seq, iso(now), actor, kind, summary, data));
  }

  private static String source(IncidentActor a) {
    return a.user().startsWith("run:") || IncidentActor.SYSTEM.equals(a.user())
        ? a.user()
        : "user:" + a.user();
  }

  static int rank(String severity) {
    int i = SEVERITIES.indexOf(severity);
    return i < 0 ? 0 : i;
  }

  static String iso(long epochMillis) {
    return Instant.ofEpochMilli(epochMillis).toString();
  }

  private static String firstLine(String body) {
    String line = body.strip().lines().findFirst().orElse("");
    return line.length() > 140 ? line.substring(0, 139) + "…" : line;
  }

  private static String human(long millis) {
    return java.time.Duration.ofMillis(millis).toString().substring(2).toLowerCase();
  }
}
