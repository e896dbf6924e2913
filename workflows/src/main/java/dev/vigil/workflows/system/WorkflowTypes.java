package dev.vigil.workflows.system;

import dev.vigil.workflows.incident.IncidentWorkflowImpl;
import dev.vigil.workflows.playbook.ForEachSliceWorkflowImpl;
import dev.vigil.workflows.playbook.PlaybookRunWorkflowImpl;
import dev.vigil.workflows.retention.RetentionWorkflowImpl;
import java.util.List;

/**
 * Every workflow implementation Vigil runs, with its task queue: workers register what this list
 * says, so a new workflow family is one entry here.
 */
public final class WorkflowTypes {

  /** The workflow implementations of one task queue. */
  public record Registration(String taskQueue, List<Class<?>> implementations) {
    public Registration {
      implementations = List.copyOf(implementations);
    }
  }

  public static final List<Registration> ALL =
      List.of(
          new Registration(
              TaskQueues.PLAYBOOK_RUNS,
              List.of(PlaybookRunWorkflowImpl.class, ForEachSliceWorkflowImpl.class)),
          new Registration(TaskQueues.INCIDENTS, List.of(IncidentWorkflowImpl.class)),
          new Registration(
              TaskQueues.MAINTENANCE,
              List.of(
                  RetentionWorkflowImpl.class,
                  dev.vigil.workflows.notify.ApprovalDigestWorkflowImpl.class)),
          new Registration(
              TaskQueues.INTEGRATIONS,
              List.of(
                  dev.vigil.workflows.integration.ConnectionTestWorkflowImpl.class,
                  dev.vigil.workflows.integration.ConnectionReadWorkflowImpl.class,
                  dev.vigil.workflows.sync.WazuhSyncWorkflowImpl.class,
                  dev.vigil.workflows.notify.NotifyWorkflowImpl.class)),
          new Registration(
              TaskQueues.SCANS,
              List.of(
                  dev.vigil.workflows.scan.ScanWorkflowImpl.class,
                  dev.vigil.workflows.scan.ScanScheduleWorkflowImpl.class)),
          new Registration(
              TaskQueues.REPORTS,
              List.of(
                  dev.vigil.workflows.report.ReportWorkflowImpl.class,
                  dev.vigil.workflows.report.ReportScheduleWorkflowImpl.class)),
          new Registration(
              TaskQueues.BILLING, List.of(dev.vigil.workflows.billing.BillingWorkflowImpl.class)));

  private WorkflowTypes() {}

  /** The implementations registered on {@code taskQueue}. */
  public static Class<?>[] on(String taskQueue) {
    return ALL.stream()
        .filter(r -> r.taskQueue().equals(taskQueue))
        .flatMap(r -> r.implementations().stream())
        .toArray(Class<?>[]::new);
  }
}
