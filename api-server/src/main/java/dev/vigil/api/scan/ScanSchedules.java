package dev.vigil.api.scan;

import dev.vigil.api.system.Actor;
import dev.vigil.api.system.ApiException;
import dev.vigil.api.system.Audit;
import dev.vigil.api.system.ScheduleRequests;
import dev.vigil.store.scan.ScanScheduleRepository;
import dev.vigil.store.scan.ScanScheduleRepository.Schedule;
import dev.vigil.store.settings.TenantSettingsRepository;
import dev.vigil.workflows.scan.ScanProfile;
import dev.vigil.workflows.scan.ScanSchedule;
import dev.vigil.workflows.scan.ScanScheduleWorkflow;
import dev.vigil.workflows.scan.ScanTargets;
import dev.vigil.workflows.system.TaskQueues;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Scan schedules ({@code /api/v1/scan-schedules}): checked like a scan (target, scope, profile,
 * ports) plus their timing, stored, and run by one {@link ScanScheduleWorkflow} each; pausing,
 * resuming and deleting signal it. Every change is audited.
 */
@Service
public class ScanSchedules {

  private final ScanScheduleRepository schedules;
  private final TenantSettingsRepository settings;
  private final WorkflowClient temporal;
  private final Audit audit;

  public ScanSchedules(
      ScanScheduleRepository schedules,
      TenantSettingsRepository settings,
      WorkflowClient temporal,
      Audit audit) {
    this.schedules = schedules;
    this.settings = settings;
    this.temporal = temporal;
    this.audit = audit;
  }

  /** {@code POST /api/v1/scan-schedules}: {@code cron} (with {@code timezone}) or {@code every}. */
  public record CreateSchedule(
      String name,
      String target,
      String profile,
      String ports,
      String cron,
      String every,
      String timezone) {}

  /** {@code PATCH /api/v1/scan-schedules/{name}}. */
  public record ChangeSchedule(Boolean paused) {}

  public Schedule create(Actor actor, CreateSchedule b) {
    if (b == null) {
      throw ApiException.invalid("", "the body must be {name, target, profile, cron|every}");
    }
    List<ApiException.FieldError> errors = new ArrayList<>();
    if (b.name() == null || !b.name().matches("^[a-z0-9][a-z0-9-]{0,62}$")) {
      errors.add(
          new ApiException.FieldError(
              "/name", "a name of lower-case letters, digits and dashes", "e.g. nightly-dmz"));
    }
    ScanTargets.Parsed targets = null;
    try {
      targets = ScanTargets.parse(b.target());
      Optional<String> outside =
          ScanTargets.outsideScope(targets, settings.get(actor.tenant()).scanScope());
      outside.ifPresent(
          o -> errors.add(new ApiException.FieldError("/target", o, "an admin widens scanScope")));
    } catch (IllegalArgumentException e) {
      errors.add(new ApiException.FieldError("/target", e.getMessage(), null));
    }
    Optional<ScanProfile> profile = ScanProfile.of(b.profile() == null ? "" : b.profile());
    if (profile.isEmpty()) {
      errors.add(
          new ApiException.FieldError(
              "/profile", "unknown profile '" + b.profile() + "'", "one of " + ScanProfile.keys()));
    }
    String ports = b.ports() == null || b.ports().isBlank() ? null : b.ports().trim();
    if (ports != null) {
      String why = Scans.portsProblem(ports, profile.orElse(null));
      if (why != null) {
        errors.add(new ApiException.FieldError("/ports", why, null));
      }
    }
    String timezone = b.timezone() == null ? "UTC" : b.timezone();
    long every = ScheduleRequests.check(b.cron(), b.every(), timezone, "0 0 2 * * MON-FRI", errors);
    if (!errors.isEmpty()) {
      throw ApiException.invalid("the schedule has " + errors.size() + " error(s)", errors);
    }
    String target = String.join(" ", targets.arguments());
    if (!schedules.create(
        actor.tenant(),
        b.name(),
        target,
        profile.get().key(),
        ports,
        b.cron(),
        every,
        timezone,
        actor.user())) {
      throw ApiException.conflict("schedule-exists", "a schedule named " + b.name() + " exists");
    }
    ScanSchedule s =
        new ScanSchedule(
            actor.tenant(),
            b.name(),
            target,
            profile.get().key(),
            ports,
            b.cron(),
            every,
            timezone,
            actor.user());
    ScanScheduleWorkflow wf =
        temporal.newWorkflowStub(
            ScanScheduleWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(ScanScheduleWorkflow.id(actor.tenant(), b.name()))
                .setTaskQueue(TaskQueues.SCANS)
                .setWorkflowIdReusePolicy(
                    WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                .build());
    WorkflowClient.start(wf::run, s, System.currentTimeMillis(), false);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("target", target);
    details.put("profile", profile.get().key());
    details.put("cron", b.cron());
    details.put("everySeconds", every);
    audit.record(
        actor, "scan.schedule.create", "scan-schedule:" + b.name(), Audit.SUCCESS, details);
    return get(actor, b.name());
  }

  public List<Schedule> list(Actor actor) {
    return schedules.list(actor.tenant());
  }

  public Schedule get(Actor actor, String name) {
    return schedules
        .get(actor.tenant(), name)
        .orElseThrow(() -> ApiException.notFound("no scan schedule " + name));
  }

  public Schedule change(Actor actor, String name, ChangeSchedule b) {
    get(actor, name);
    if (b == null || b.paused() == null) {
      throw ApiException.invalid("/paused", "give paused: true or false");
    }
    schedules.paused(actor.tenant(), name, b.paused(), actor.user());
    signal(actor, name, b.paused() ? "pause" : "resume");
    audit.record(
        actor,
        b.paused() ? "scan.schedule.pause" : "scan.schedule.resume",
        "scan-schedule:" + name,
        Audit.SUCCESS,
        Map.of());
    return get(actor, name);
  }

  public void delete(Actor actor, String name) {
    get(actor, name);
    signal(actor, name, "stop");
    schedules.delete(actor.tenant(), name);
    audit.record(actor, "scan.schedule.delete", "scan-schedule:" + name, Audit.SUCCESS, Map.of());
  }

  private boolean signal(Actor actor, String name, String signal) {
    return ScheduleRequests.signal(temporal, ScanScheduleWorkflow.id(actor.tenant(), name), signal);
  }
}
