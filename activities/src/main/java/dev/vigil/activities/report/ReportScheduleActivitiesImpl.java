package dev.vigil.activities.report;

import dev.vigil.store.report.ReportRepository;
import dev.vigil.store.report.ReportScheduleRepository;
import dev.vigil.workflows.report.ReportRequest;
import dev.vigil.workflows.report.ReportSchedule;
import dev.vigil.workflows.report.ReportScheduleActivities;
import dev.vigil.workflows.report.ReportWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/** The schedule activities: one queued and e-mailed report per run time, the next run time. */
public class ReportScheduleActivitiesImpl implements ReportScheduleActivities {

  private final ReportRepository reports;
  private final ReportScheduleRepository schedules;
  private final WorkflowClient temporal;

  public ReportScheduleActivitiesImpl(DataSource dataSource, WorkflowClient temporal) {
    this.reports = new ReportRepository(dataSource);
    this.schedules = new ReportScheduleRepository(dataSource);
    this.temporal = temporal;
  }

  @Override
  public String launch(ReportSchedule s, String runAt) {
    // one report per schedule and run time: a retry finds it queued and its workflow started
    UUID id =
        UUID.nameUUIDFromBytes(
            ("report/" + s.tenant() + "/" + s.name() + "/" + runAt)
                .getBytes(StandardCharsets.UTF_8));
    Map<String, String> params = s.periodBefore(Instant.parse(runAt));
    String by = "schedule:" + s.name();
    reports.queue(s.tenant(), id, s.type(), params, s.format(), by, s.name());
    ReportRequest request =
        new ReportRequest(
            s.tenant(),
            id.toString(),
            s.type(),
            params,
            s.format(),
            by,
            new ReportRequest.Delivery(s.connection(), s.to()));
    ReportWorkflow wf =
        temporal.newWorkflowStub(
            ReportWorkflow.class,
            ReportWorkflow.options(
                s.tenant(),
                id.toString(),
                s.type() + " report (" + s.format() + "), schedule " + s.name()));
    try {
      WorkflowClient.start(wf::run, request);
    } catch (WorkflowExecutionAlreadyStarted retried) {
      // a retry of this activity: the run's report is already under way
    }
    schedules.rows().ran(s.tenant(), s.name(), Instant.parse(runAt), id.toString(), null);
    return id.toString();
  }

  @Override
  public void next(String tenant, String name, String nextRunAt, boolean paused) {
    schedules
        .rows()
        .next(tenant, name, paused || nextRunAt == null ? null : Instant.parse(nextRunAt));
  }
}
