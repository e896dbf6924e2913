package dev.vigil.worker;

import dev.vigil.activities.http.HttpSettings;
import dev.vigil.activities.notify.NotificationActivitiesImpl;
import dev.vigil.activities.projection.RunProjectionActivitiesImpl;
import dev.vigil.activities.system.ActionActivitiesImpl;
import dev.vigil.activities.system.ActionHandlers;
import dev.vigil.activities.system.Secrets;
import dev.vigil.playbook.catalog.ActionCatalog;
import dev.vigil.store.approval.ApprovalRepository;
import dev.vigil.store.run.RunRepository;
import dev.vigil.workflows.playbook.ForEachSliceWorkflowImpl;
import dev.vigil.workflows.playbook.PlaybookRunWorkflowImpl;
import dev.vigil.workflows.system.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Connects to Temporal and runs the {@code playbook-runs} worker for the application's lifetime.
 */
@Configuration(proxyBeanMethods = false)
public class TemporalWorkerConfiguration {

  private static final Logger log = LoggerFactory.getLogger(TemporalWorkerConfiguration.class);

  @Bean
  ActionActivitiesImpl actionActivities(WorkerProperties props, DataSource dataSource) {
    WorkerProperties.Http h = props.http();
    return new ActionActivitiesImpl(
        ActionCatalog.bundled(),
        ActionHandlers.all(
            new HttpSettings(h.allowedHosts(), h.defaultTimeout(), h.maxResponseBytes()),
            Secrets.fromEnvironment(props.secrets(), props.sharedSecrets())),
        new RunRepository(dataSource));
  }

  @Bean
  RunProjectionActivitiesImpl runProjection(DataSource dataSource) {
    return new RunProjectionActivitiesImpl(
        new RunRepository(dataSource), new ApprovalRepository(dataSource));
  }

  @Bean
  WorkerFactory workerFactory(
      WorkflowClient client,
      ActionActivitiesImpl actions,
      RunProjectionActivitiesImpl projection,
      WorkerProperties props) {
    WorkerFactory factory = WorkerFactory.newInstance(client);
    WorkerOptions.Builder options = WorkerOptions.newBuilder();
    if (props.worker().maxConcurrentActivities() > 0) {
      options.setMaxConcurrentActivityExecutionSize(props.worker().maxConcurrentActivities());
    }
    if (props.worker().maxConcurrentWorkflowTasks() > 0) {
      options.setMaxConcurrentWorkflowTaskExecutionSize(
          props.worker().maxConcurrentWorkflowTasks());
    }
    Worker worker = factory.newWorker(TaskQueues.PLAYBOOK_RUNS, options.build());
    worker.registerWorkflowImplementationTypes(
        PlaybookRunWorkflowImpl.class, ForEachSliceWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        actions, projection, new NotificationActivitiesImpl(props.notifications().webhookUrl()));
    return factory;
  }

  /** Starts polling once the context is up; stops (letting running tasks finish) on shutdown. */
  @Bean
  SmartLifecycle workerLifecycle(WorkerFactory factory, WorkerProperties props) {
    return new SmartLifecycle() {
      private volatile boolean running;

      @Override
      public void start() {
        factory.start();
        running = true;
        log.info(
            "worker polling task queue {} on Temporal {} (namespace {}); http allowlist {}",
            TaskQueues.PLAYBOOK_RUNS,
            props.temporal().address(),
            props.temporal().namespace(),
            props.http().allowedHosts() == null ? "[]" : props.http().allowedHosts());
      }

      @Override
      public void stop() {
        factory.shutdown();
        factory.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
        running = false;
      }

      @Override
      public boolean isRunning() {
        return running;
      }
    };
  }
}
