package dev.vigil.worker;

import dev.vigil.workflows.notify.ApprovalDigestWorkflow;
import dev.vigil.workflows.retention.RetentionInput;
import dev.vigil.workflows.retention.RetentionWorkflow;
import dev.vigil.workflows.system.TaskQueues;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Starts the long-lived workflows an installation has exactly one of: event retention ({@code
 * vigil.retention.enabled}, default on) and the daily approval digest (at {@code
 * vigil.notifications.digest-hour} UTC, default 8). Every worker tries at start-up; the workflow
 * ids are fixed, so the first one starts them and the others (and restarts) find them running. A
 * Temporal that does not answer yet is retried every minute in the background rather than failing
 * start-up.
 */
@Configuration(proxyBeanMethods = false)
public class InstallationWorkflows {

  private static final Logger log = LoggerFactory.getLogger(InstallationWorkflows.class);

  /**
   * Starts {@link RetentionWorkflow} unless one is running; true when this call started it. A
   * closed one (terminated by an operator, lost by an in-memory Temporal) is started anew.
   */
  public static boolean startRetention(WorkflowClient client, RetentionInput input) {
    RetentionWorkflow wf =
        client.newWorkflowStub(
            RetentionWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(RetentionWorkflow.WORKFLOW_ID)
                .setTaskQueue(TaskQueues.MAINTENANCE)
                .setWorkflowIdReusePolicy(
                    WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                .build());
    try {
      WorkflowClient.start(wf::run, input);
      log.info(
          "started {} on task queue {}", RetentionWorkflow.WORKFLOW_ID, TaskQueues.MAINTENANCE);
      return true;
    } catch (WorkflowExecutionAlreadyStarted running) {
      return false;
    }
  }

  /**
   * Starts {@link ApprovalDigestWorkflow} unless one is running; true when this call started it.
   */
  public static boolean startDigest(WorkflowClient client, int hourUtc) {
    ApprovalDigestWorkflow wf =
        client.newWorkflowStub(
            ApprovalDigestWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(ApprovalDigestWorkflow.WORKFLOW_ID)
                .setTaskQueue(TaskQueues.MAINTENANCE)
                .setWorkflowIdReusePolicy(
                    WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                .build());
    try {
      WorkflowClient.start(wf::run, hourUtc);
      return true;
    } catch (WorkflowExecutionAlreadyStarted running) {
      return false;
    }
  }

  @Bean(destroyMethod = "shutdownNow")
  ScheduledExecutorService installationWorkflowStarter() {
    return Executors.newSingleThreadScheduledExecutor(
        r -> {
          Thread t = new Thread(r, "installation-workflows");
          t.setDaemon(true);
          return t;
        });
  }

  @Bean
  ApplicationRunner startInstallationWorkflows(
      WorkflowClient client,
      ScheduledExecutorService installationWorkflowStarter,
      org.springframework.core.env.Environment env) {
    boolean retention = env.getProperty("vigil.retention.enabled", Boolean.class, true);
    int digestHour = env.getProperty("vigil.notifications.digest-hour", Integer.class, 8);
    if (digestHour < 0 || digestHour > 23) {
      throw new IllegalStateException(
          "vigil.notifications.digest-hour (VIGIL_NOTIFY_DIGEST_HOUR) must be 0-23, not "
              + digestHour);
    }
    return args -> attempt(client, installationWorkflowStarter, retention, digestHour);
  }

  private static void attempt(
      WorkflowClient client, ScheduledExecutorService retry, boolean retention, int digestHour) {
    try {
      if (retention) {
        startRetention(client, RetentionInput.DAILY);
      }
      startDigest(client, digestHour);
    } catch (RuntimeException e) {
      log.warn(
          "cannot start {} yet ({}); trying again in a minute",
          RetentionWorkflow.WORKFLOW_ID,
          e.getMessage());
      retry.schedule(() -> attempt(client, retry, retention, digestHour), 1, TimeUnit.MINUTES);
    }
  }
}
