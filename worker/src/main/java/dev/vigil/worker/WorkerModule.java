package dev.vigil.worker;

import dev.vigil.worker.detection.DetectionConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The worker as a building block: the Temporal worker, its activities, its health and the detection
 * consumer. Needs a {@code WorkflowServiceStubs} and {@code WorkflowClient} ({@link
 * TemporalConnection} or the host app's) and a {@code DataSource}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WorkerProperties.class)
@Import({
  TemporalWorkerConfiguration.class,
  TemporalHealthIndicator.class,
  DetectionConfiguration.class,
  InstallationWorkflows.class,
  WorkerMetrics.class,
  WorkerNode.class,
  ConnectionSyncs.class,
  dev.vigil.store.connection.ConnectionBeans.class,
  dev.vigil.store.file.FileBeans.class,
  dev.vigil.store.billing.BillingBeans.class
})
public class WorkerModule {}
