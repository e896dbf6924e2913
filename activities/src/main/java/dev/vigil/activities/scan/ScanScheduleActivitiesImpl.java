package dev.vigil.activities.scan;

import dev.vigil.store.scan.ScanRepository;
import dev.vigil.store.scan.ScanScheduleRepository;
import dev.vigil.store.settings.TenantSettingsRepository;
import dev.vigil.workflows.scan.ScanRequest;
import dev.vigil.workflows.scan.ScanSchedule;
import dev.vigil.workflows.scan.ScanScheduleActivities;
import dev.vigil.workflows.scan.ScanTargets;
import dev.vigil.workflows.scan.ScanWorkflow;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import javax.sql.DataSource;

/** The schedule activities: one queued scan per run time, and the next run time on the row. */
public class ScanScheduleActivitiesImpl implements ScanScheduleActivities {

  private final ScanRepository scans;
  private final ScanScheduleRepository schedules;
  private final TenantSettingsRepository settings;
  private final io.temporal.client.WorkflowClient temporal;

  private final Function<String, Optional<String>> planRefusal;

  /**
   * @param planRefusal why the tenant's plan refuses one more scan now (the scans module, scans per
   *     day, concurrent scans), or empty
   */
  public ScanScheduleActivitiesImpl(
      DataSource dataSource,
      io.temporal.client.WorkflowClient temporal,
      Function<String, Optional<String>> planRefusal) {
    this.planRefusal = planRefusal;
    this.scans = new ScanRepository(dataSource);
    this.schedules = new ScanScheduleRepository(dataSource);
    this.settings = new TenantSettingsRepository(dataSource);
    this.temporal = temporal;
  }

  @Override
  public String launch(ScanSchedule s, String runAt) {
    ScanRequest request = queue(s, runAt);
    if (request == null) {
      return null;
    }
    ScanWorkflow wf =
        temporal.newWorkflowStub(
            ScanWorkflow.class,
            io.temporal.client.WorkflowOptions.newBuilder()
                .setWorkflowId(ScanWorkflow.id(s.tenant(), request.scanId()))
                .setTaskQueue(dev.vigil.workflows.system.TaskQueues.SCANS)
                .setWorkflowIdReusePolicy(
                    io.temporal.api.enums.v1.WorkflowIdReusePolicy
                        .WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                .build());
    try {
      io.temporal.client.WorkflowClient.start(wf::run, request);
    } catch (io.temporal.client.WorkflowExecutionAlreadyStarted retried) {
      // a retry of this activity: the run's scan is already under way
    }
    return request.scanId();
  }

  /** Queues the run's scan (once per run time); null when the scope refuses it now. */
  ScanRequest queue(ScanSchedule s, String runAt) {
    // one scan per schedule and run time: a retry finds it queued
    UUID id =
        UUID.nameUUIDFromBytes(
            (s.tenant() + "/" + s.name() + "/" + runAt).getBytes(StandardCharsets.UTF_8));
    ScanRequest request =
        new ScanRequest(
            s.tenant(), id.toString(), s.target(), s.profile(), s.ports(), "schedule:" + s.name());
    if (scans.get(s.tenant(), id.toString()).isPresent()) {
      return request;
    }
    ScanTargets.Parsed targets;
    Optional<String> refused;
    try {
      targets = ScanTargets.parse(s.target());
      refused = ScanTargets.outsideScope(targets, settings.get(s.tenant()).scanScope());
    } catch (IllegalArgumentException e) {
      targets = null;
      refused = Optional.of(e.getMessage());
    }
    if (refused.isEmpty()) {
      refused = planRefusal.apply(s.tenant());
    }
    if (refused.isPresent()) {
      schedules.ran(s.tenant(), s.name(), Instant.parse(runAt), null, refused.get());
      return null;
    }
    scans.queue(
        s.tenant(),
        id,
        String.join(" ", targets.arguments()),
        s.profile(),
        s.ports(),
        ScanTargets.scopeKey(targets, s.profile(), s.ports()),
        "schedule:" + s.name(),
        s.name());
    schedules.ran(s.tenant(), s.name(), Instant.parse(runAt), id.toString(), null);
    return request;
  }

  @Override
  public void next(String tenant, String name, String nextRunAt, boolean paused) {
    schedules.next(tenant, name, paused || nextRunAt == null ? null : Instant.parse(nextRunAt));
  }
}
