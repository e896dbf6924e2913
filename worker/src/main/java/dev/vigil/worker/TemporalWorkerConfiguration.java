package dev.vigil.worker;

import dev.vigil.activities.core.CoreActions;
import dev.vigil.activities.http.HttpRequestAction;
import dev.vigil.activities.http.HttpSettings;
import dev.vigil.activities.incident.IncidentActions;
import dev.vigil.activities.incident.IncidentActivitiesImpl;
import dev.vigil.activities.notify.NotificationActivitiesImpl;
import dev.vigil.activities.projection.RunProjectionActivitiesImpl;
import dev.vigil.activities.retention.RetentionActivitiesImpl;
import dev.vigil.activities.run.PrepareRunActivitiesImpl;
import dev.vigil.activities.system.ActionActivitiesImpl;
import dev.vigil.activities.system.ActionHandler;
import dev.vigil.activities.system.Secrets;
import dev.vigil.playbook.catalog.ActionCatalog;
import dev.vigil.playbook.catalog.ActionDefinition;
import dev.vigil.store.incident.IncidentReads;
import dev.vigil.store.playbook.PlaybookRepository;
import dev.vigil.store.run.RunRepository;
import dev.vigil.workflows.system.VigilMeters;
import dev.vigil.workflows.system.WorkflowTypes;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Connects to Temporal and runs the workers of every task queue in {@link WorkflowTypes} (and of
 * actions with their own queue) for the application's lifetime.
 */
@Configuration(proxyBeanMethods = false)
public class TemporalWorkerConfiguration {

  private static final Logger log = LoggerFactory.getLogger(TemporalWorkerConfiguration.class);

  // The action handlers are beans: a connector adds its handler (with whatever it needs injected)
  // as a bean, and the action activities dispatch to every handler bean.

  @Bean
  ActionHandler<?> coreLog() {
    return CoreActions.log();
  }

  @Bean
  ActionHandler<?> coreEcho() {
    return CoreActions.echo();
  }

  @Bean
  ActionHandler<?> coreTransform() {
    return CoreActions.transform();
  }

  @Bean
  ActionHandler<?> httpRequest(WorkerProperties props) {
    WorkerProperties.Http h = props.http();
    return new HttpRequestAction(
        new HttpSettings(h.allowedHosts(), h.defaultTimeout(), h.maxResponseBytes()),
        Secrets.fromEnvironment(props.secrets(), props.sharedSecrets()));
  }

  @Bean
  IncidentActions incidentActions(WorkflowClient client, DataSource dataSource) {
    return new IncidentActions(client, new IncidentReads(dataSource));
  }

  /** Resolves connections by name for activities, secrets opened with VIGIL_SECRETS_KEY. */
  @Bean
  dev.vigil.activities.connection.ConnectionResolver connectionResolver(
      dev.vigil.store.connection.ConnectionRepository repo,
      dev.vigil.store.connection.SecretBox box) {
    return new dev.vigil.activities.connection.ConnectionResolver(repo, box);
  }

  @Bean
  dev.vigil.activities.wazuh.WazuhActions wazuhActions(
      dev.vigil.activities.connection.ConnectionResolver connections) {
    return new dev.vigil.activities.wazuh.WazuhActions(connections);
  }

  /** Connection tests, each provider with its probe. */
  @Bean
  dev.vigil.activities.integration.IntegrationActivitiesImpl integrationActivities(
      dev.vigil.activities.connection.ConnectionResolver connections,
      ActionActivitiesImpl actions,
      dev.vigil.activities.slack.SlackClient slack) {
    return new dev.vigil.activities.integration.IntegrationActivitiesImpl(
        connections,
        List.of(
            new dev.vigil.activities.wazuh.WazuhProbe(),
            new dev.vigil.activities.notify.ChannelProbes.Slack(slack),
            new dev.vigil.activities.notify.ChannelProbes.Smtp(),
            new dev.vigil.activities.notify.ChannelProbes.Webhook(),
            new dev.vigil.activities.notify.ChannelProbes.PagerDuty()),
        actions);
  }

  /** The Wazuh sync passes: inventory, SCA and alerts into the Wazuh cache and the events. */
  @Bean
  dev.vigil.activities.wazuh.WazuhSyncActivitiesImpl wazuhSync(
      dev.vigil.activities.wazuh.WazuhActions wazuh,
      dev.vigil.activities.connection.ConnectionResolver connections,
      DataSource dataSource,
      dev.vigil.store.billing.TenantPlans plans) {
    return new dev.vigil.activities.wazuh.WazuhSyncActivitiesImpl(
        wazuh,
        connections,
        new dev.vigil.store.wazuh.WazuhCache(dataSource),
        new dev.vigil.store.event.EventWriter(dataSource),
        new dev.vigil.store.settings.TenantSettingsRepository(dataSource),
        new dev.vigil.store.detection.AlertRepository(dataSource),
        java.time.Clock.systemUTC(),
        dev.vigil.activities.connection.RetryingHttp.Sleeper.REAL,
        tenant -> plans.plan(tenant).limit("wazuhAgents"));
  }

  /** Vigil's metrics, into the app's registry (Prometheus). */
  @Bean
  VigilMeters vigilMeters(io.micrometer.core.instrument.MeterRegistry registry) {
    return new VigilMeters(registry);
  }

  @Bean
  ActionActivitiesImpl actionActivities(
      List<ActionHandler<?>> handlers,
      IncidentActions incidentActions,
      dev.vigil.activities.wazuh.WazuhActions wazuhActions,
      dev.vigil.activities.connection.ConnectionResolver connections,
      dev.vigil.activities.slack.SlackClient slack,
      DataSource dataSource,
      VigilMeters meters) {
    List<ActionHandler<?>> all = new java.util.ArrayList<>(handlers);
    all.addAll(incidentActions.all());
    all.addAll(wazuhActions.all());
    all.addAll(new dev.vigil.activities.slack.SlackActions(connections, slack).all());
    all.addAll(new dev.vigil.activities.notify.EmailActions(connections).all());
    all.addAll(
        dev.vigil.activities.response.ResponseActions.all(
            connections, java.time.Clock.systemUTC()));
    all.addAll(
        new dev.vigil.activities.intel.IntelActions(
                connections,
                new dev.vigil.store.connection.ConnectionRepository(dataSource),
                new dev.vigil.store.intel.IntelCache(dataSource),
                java.time.Clock.systemUTC())
            .all());
    return new ActionActivitiesImpl(
        ActionCatalog.bundled(), all, new RunRepository(dataSource), meters);
  }

  /** Hands notifications to the tenants' routes (a NotifyWorkflow each). */
  @Bean
  dev.vigil.activities.notify.Notifier notifier(WorkflowClient client) {
    return dev.vigil.activities.notify.Notifier.through(client);
  }

  @Bean
  dev.vigil.activities.slack.SlackClient slackClient() {
    return new dev.vigil.activities.slack.SlackClient();
  }

  /** The notification channels, one per provider a route may send through. */
  @Bean
  dev.vigil.activities.notify.NotifyActivitiesImpl notifyActivities(
      DataSource dataSource,
      dev.vigil.activities.connection.ConnectionResolver connections,
      dev.vigil.activities.slack.SlackClient slack,
      org.springframework.core.env.Environment env) {
    return new dev.vigil.activities.notify.NotifyActivitiesImpl(
        new dev.vigil.store.notify.NotificationRepository(dataSource),
        connections,
        List.of(
            new dev.vigil.activities.notify.SlackChannel(slack),
            new dev.vigil.activities.notify.EmailChannel(),
            new dev.vigil.activities.notify.WebhookChannel(),
            new dev.vigil.activities.notify.PagerDutyChannel()),
        // read at each delivery: standalone mode learns its own URL once its server is up
        () -> env.getProperty("vigil.notifications.public-url", ""));
  }

  @Bean
  dev.vigil.activities.notify.DigestActivitiesImpl digestActivities(
      DataSource dataSource, dev.vigil.activities.notify.Notifier notifier) {
    return new dev.vigil.activities.notify.DigestActivitiesImpl(
        new dev.vigil.store.notify.NotificationRepository(dataSource),
        new dev.vigil.store.approval.ApprovalRepository(dataSource),
        notifier);
  }

  @Bean
  NotificationActivitiesImpl notifications(
      WorkerProperties props, dev.vigil.activities.notify.Notifier notifier) {
    return new NotificationActivitiesImpl(props.notifications().webhookUrl(), notifier);
  }

  @Bean
  IncidentActivitiesImpl incidentActivities(
      DataSource dataSource,
      NotificationActivitiesImpl notifications,
      VigilMeters meters,
      dev.vigil.activities.notify.Notifier notifier) {
    return new IncidentActivitiesImpl(dataSource, notifications, meters, notifier);
  }

  @Bean
  RunProjectionActivitiesImpl runProjection(
      DataSource dataSource, VigilMeters meters, dev.vigil.activities.notify.Notifier notifier) {
    return new RunProjectionActivitiesImpl(dataSource, meters, notifier);
  }

  @Bean
  dev.vigil.activities.scan.ScanActivitiesImpl scanActivities(
      DataSource dataSource, org.springframework.core.env.Environment env) {
    return new dev.vigil.activities.scan.ScanActivitiesImpl(
        dataSource, env.getProperty("vigil.scans.nmap", "nmap"), java.time.Clock.systemUTC());
  }

  @Bean
  dev.vigil.activities.scan.ScanScheduleActivitiesImpl scanScheduleActivities(
      DataSource dataSource, WorkflowClient client, dev.vigil.store.billing.TenantPlans plans) {
    var usage = new dev.vigil.store.billing.UsageCounters(dataSource);
    return new dev.vigil.activities.scan.ScanScheduleActivitiesImpl(
        dataSource,
        client,
        tenant ->
            plans.refusal(
                tenant,
                "scans",
                java.util.Map.of("scansPerDay", 1L, "concurrentScans", 1L),
                usage,
                java.time.Instant.now()));
  }

  @Bean
  dev.vigil.activities.report.ReportActivitiesImpl reportActivities(
      DataSource dataSource,
      dev.vigil.store.file.FileStore files,
      dev.vigil.activities.connection.ConnectionResolver connections) {
    return new dev.vigil.activities.report.ReportActivitiesImpl(
        dataSource, files, connections, java.time.Clock.systemUTC());
  }

  @Bean
  dev.vigil.activities.report.ReportScheduleActivitiesImpl reportScheduleActivities(
      DataSource dataSource, WorkflowClient client) {
    return new dev.vigil.activities.report.ReportScheduleActivitiesImpl(dataSource, client);
  }

  @Bean
  RetentionActivitiesImpl retentionActivities(
      DataSource dataSource, dev.vigil.store.billing.TenantPlans plans) {
    return new RetentionActivitiesImpl(dataSource, plans);
  }

  @Bean
  dev.vigil.activities.retention.ReportRetentionActivitiesImpl reportRetentionActivities(
      DataSource dataSource, dev.vigil.store.file.FileStore files) {
    return new dev.vigil.activities.retention.ReportRetentionActivitiesImpl(dataSource, files);
  }

  /** Each tenant's BillingWorkflow: its subscription from Stripe, its plan, its notices. */
  @Bean
  dev.vigil.activities.billing.BillingActivitiesImpl billingActivities(
      dev.vigil.store.billing.StripeGateway stripe,
      dev.vigil.store.billing.TenantPlans plans,
      dev.vigil.activities.notify.Notifier notifier) {
    return new dev.vigil.activities.billing.BillingActivitiesImpl(stripe, plans, notifier);
  }

  /** Tracing interceptors, when VIGIL_TRACING_ENABLED (management.tracing.enabled). */
  @Bean
  @org.springframework.boot.autoconfigure.condition.ConditionalOnProperty(
      name = "management.tracing.enabled",
      havingValue = "true")
  TemporalTracing temporalTracing(io.opentelemetry.api.OpenTelemetry otel) {
    return TemporalTracing.of(true, otel);
  }

  @Bean
  WorkerFactory workerFactory(
      WorkflowClient client,
      ActionActivitiesImpl actions,
      RunProjectionActivitiesImpl projection,
      RetentionActivitiesImpl retention,
      dev.vigil.activities.retention.ReportRetentionActivitiesImpl reportRetention,
      NotificationActivitiesImpl notifications,
      IncidentActivitiesImpl incidents,
      dev.vigil.activities.integration.IntegrationActivitiesImpl integrations,
      dev.vigil.activities.wazuh.WazuhSyncActivitiesImpl wazuhSync,
      dev.vigil.activities.notify.NotifyActivitiesImpl notify,
      dev.vigil.activities.notify.DigestActivitiesImpl digest,
      dev.vigil.activities.scan.ScanActivitiesImpl scans,
      dev.vigil.activities.scan.ScanScheduleActivitiesImpl scanSchedules,
      dev.vigil.activities.report.ReportActivitiesImpl reports,
      dev.vigil.activities.report.ReportScheduleActivitiesImpl reportSchedules,
      dev.vigil.activities.billing.BillingActivitiesImpl billing,
      WorkerProperties props,
      DataSource dataSource,
      dev.vigil.store.billing.TenantPlans plans,
      org.springframework.beans.factory.ObjectProvider<TemporalTracing> tracing) {
    WorkerFactory factory =
        WorkerFactory.newInstance(
            client,
            io.temporal.worker.WorkerFactoryOptions.newBuilder()
                .setWorkerInterceptors(TemporalTracing.workerInterceptors(tracing.getIfAvailable()))
                .build());
    WorkerOptions.Builder options = WorkerOptions.newBuilder();
    if (props.worker().maxConcurrentActivities() > 0) {
      options.setMaxConcurrentActivityExecutionSize(props.worker().maxConcurrentActivities());
    }
    if (props.worker().maxConcurrentWorkflowTasks() > 0) {
      options.setMaxConcurrentWorkflowTaskExecutionSize(
          props.worker().maxConcurrentWorkflowTasks());
    }
    var usage = new dev.vigil.store.billing.UsageCounters(dataSource);
    PrepareRunActivitiesImpl prepareRun =
        new PrepareRunActivitiesImpl(
            new PlaybookRepository(dataSource),
            ActionCatalog.bundled(),
            tenant ->
                plans.refusal(
                    tenant,
                    null,
                    java.util.Map.of("runsPerMonth", 1L),
                    usage,
                    java.time.Instant.now()));
    // one worker per task queue of a workflow family or of an action that has its own queue
    for (String queue : taskQueues()) {
      Double rate = ratePerSecond(ActionCatalog.bundled(), queue);
      if (rate != null) {
        // the queue's rate limit is enforced by the Temporal server across every worker
        options.setMaxTaskQueueActivitiesPerSecond(rate);
      }
      Worker worker = factory.newWorker(queue, options.build());
      options.setMaxTaskQueueActivitiesPerSecond(0); // 0: unlimited, for the next queue
      Class<?>[] workflows = WorkflowTypes.on(queue);
      if (workflows.length > 0) {
        worker.registerWorkflowImplementationTypes(workflows);
      }
      worker.registerActivitiesImplementations(
          actions,
          projection,
          notifications,
          prepareRun,
          retention,
          reportRetention,
          incidents,
          integrations,
          wazuhSync,
          notify,
          digest,
          scans,
          scanSchedules,
          reports,
          reportSchedules,
          billing);
    }
    return factory;
  }

  /** The task queues this worker polls: every workflow family's and every action's own. */
  static Set<String> taskQueues() {
    Set<String> queues = new TreeSet<>();
    WorkflowTypes.ALL.forEach(r -> queues.add(r.taskQueue()));
    ActionCatalog.bundled().all().stream()
        .map(ActionDefinition::taskQueue)
        .filter(Objects::nonNull)
        .forEach(queues::add);
    return queues;
  }

  /**
   * The rate limit of {@code queue}: the smallest of its actions' limits, or null when none has
   * one.
   */
  static Double ratePerSecond(ActionCatalog catalog, String queue) {
    return catalog.all().stream()
        .filter(a -> queue.equals(a.taskQueue()) && a.ratePerSecond() != null)
        .map(ActionDefinition::ratePerSecond)
        .min(Double::compare)
        .orElse(null);
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
            "worker polling task queues {} on Temporal {} (namespace {}); http allowlist {}",
            taskQueues(),
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
