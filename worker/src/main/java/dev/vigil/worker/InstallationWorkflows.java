package dev.vigil.worker;

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
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Starts the long-lived workflows an installation has exactly one of (today: event retention,
 * {@code vigil.retention.enabled}, default on). Every worker tries at start-up; the workflow id is
 * fixed, so the first one starts it and the others (and restarts) find it running. A Temporal that
 * does not answer yet is retried every minute in the background rather than failing start-up.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(
    name = "vigil.retention.enabled",
    havingValue = "true",
    matchIfMissing = true)
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
      WorkflowClient client, ScheduledExecutorService installationWorkflowStarter) {
    return args -> attempt(client, installationWorkflowStarter);
  }

  private static void attempt(WorkflowClient client, ScheduledExecutorService retry) {
    try {
      startRetention(client, RetentionInput.DAILY);
    } catch (RuntimeException e) {
      log.warn(
          "cannot start {} yet ({}); trying again in a minute",
          RetentionWorkflow.WORKFLOW_ID,
          e.getMessage());
      retry.schedule(() -> attempt(client, retry), 1, TimeUnit.MINUTES);
    }
  }
}
