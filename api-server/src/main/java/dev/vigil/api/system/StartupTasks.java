package dev.vigil.api.system;

import dev.vigil.playbook.bundled.BundledPlaybooks;
import dev.vigil.playbook.catalog.ActionCatalog;
import dev.vigil.playbook.validation.PlaybookValidator;
import dev.vigil.playbook.validation.ValidationReport;
import dev.vigil.store.approval.ApprovalRepository;
import dev.vigil.store.playbook.PlaybookRepository;
import dev.vigil.store.run.OpenRun;
import dev.vigil.store.run.RunRepository;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * At start-up: publishes the bundled playbooks (a no-op when unchanged), then reconciles the system
 * of record with Temporal — a run PostgreSQL holds as open that Temporal does not know (the
 * embedded service keeps runs in memory) is marked {@code interrupted} with the reason, never left
 * "running" forever.
 */
@Component
public class StartupTasks implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(StartupTasks.class);
  static final Actor SYSTEM = Actor.system(Actor.DEFAULT_TENANT);
  public static final String INTERRUPTED_REASON =
      "Temporal no longer knows this run (the embedded Temporal service keeps runs in memory and was"
          + " restarted); it cannot continue and must be started again";

  private final ApiProperties props;
  private final PlaybookRepository playbooks;
  private final RunRepository runs;
  private final ApprovalRepository approvals;
  private final WorkflowClient temporal;
  private final Audit audit;

  public StartupTasks(
      ApiProperties props,
      PlaybookRepository playbooks,
      RunRepository runs,
      ApprovalRepository approvals,
      WorkflowClient temporal,
      Audit audit) {
    this.props = props;
    this.playbooks = playbooks;
    this.runs = runs;
    this.approvals = approvals;
    this.temporal = temporal;
    this.audit = audit;
  }

  @Override
  public void run(ApplicationArguments args) {
    if (props.publishBundled()) {
      publishBundled();
    }
    reconcile();
  }

  void publishBundled() {
    PlaybookValidator validator =
        new PlaybookValidator(ActionCatalog.bundled(), k -> playbooks.exists(SYSTEM.tenant(), k));
    BundledPlaybooks.all()
        .forEach(
            (key, json) -> {
              ValidationReport r = validator.validate(json);
              if (!r.valid()) {
                throw new IllegalStateException(
                    "bundled playbook " + key + " is invalid: " + r.errors());
              }
              var p =
                  playbooks.publish(
                      SYSTEM.tenant(), key, r.playbook().title(), json, SYSTEM.user());
              if (p.created()) {
                audit.record(
                    SYSTEM,
                    "playbook.publish",
                    "playbook/" + key + "/v" + p.version().version(),
                    Audit.SUCCESS,
                    Map.of("bundled", true));
                log.info("published bundled playbook {} v{}", key, p.version().version());
              }
            });
  }

  /** Marks open runs Temporal does not know as interrupted; returns how many. */
  public int reconcile() {
    int n = 0;
    for (OpenRun run : runs.openRunsOfAllTenants()) {
      if (!knownToTemporal(run.workflowId())) {
        if (runs.markInterrupted(run.tenant(), run.runId(), INTERRUPTED_REASON)) {
          approvals.closePending(run.tenant(), run.runId(), "interrupted");
          audit.record(
              Actor.system(run.tenant()),
              "run.interrupt",
              "run/" + run.runId(),
              Audit.SUCCESS,
              Map.of("reason", INTERRUPTED_REASON));
          log.warn(
              "run {} ({}) marked interrupted: {}", run.runId(), run.tenant(), INTERRUPTED_REASON);
          n++;
        }
      }
    }
    return n;
  }

  private boolean knownToTemporal(String workflowId) {
    try {
      var res =
          temporal
              .getWorkflowServiceStubs()
              .blockingStub()
              .describeWorkflowExecution(
                  DescribeWorkflowExecutionRequest.newBuilder()
                      .setNamespace(temporal.getOptions().getNamespace())
                      .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                      .build());
      // A run that Temporal closed but whose end never reached the store is not interrupted:
      // its projection is still being retried by the worker.
      return res.getWorkflowExecutionInfo().getStatus()
          != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_UNSPECIFIED;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return false;
      }
      throw e;
    }
  }
}
