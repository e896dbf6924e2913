package dev.vigil.worker;

import dev.vigil.store.node.NodeHeartbeat;
import dev.vigil.store.node.NodeRegistry;
import dev.vigil.workflows.system.PayloadEncryption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** This worker on the Nodes page: the task queues it polls, its health, its settings' shape. */
@Configuration(proxyBeanMethods = false)
public class WorkerNode {

  @Bean(initMethod = "start", destroyMethod = "stop")
  NodeHeartbeat workerHeartbeat(
      DataSource dataSource,
      HealthEndpoint health,
      WorkerProperties props,
      PayloadEncryption encryption,
      @Value("${vigil.detection.enabled:true}") boolean detection) {
    List<String> queues = List.copyOf(TemporalWorkerConfiguration.taskQueues());
    return new NodeHeartbeat(
        new NodeRegistry(dataSource),
        "worker",
        () -> queues,
        () -> health.health().getStatus().getCode(),
        () -> {
          Map<String, Object> d = new LinkedHashMap<>();
          d.put("temporal", props.temporal().address());
          d.put("namespace", props.temporal().namespace());
          d.put("detection", detection);
          d.put("payloadKeys", encryption.enabled() ? encryption.keys().ids() : List.of());
          return d;
        });
  }
}
