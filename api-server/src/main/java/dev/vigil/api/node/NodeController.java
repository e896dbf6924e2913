package dev.vigil.api.node;

import dev.vigil.api.system.Permission;
import dev.vigil.api.system.Requires;
import dev.vigil.store.node.NodeHeartbeat;
import dev.vigil.store.node.NodeRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Nodes page (platform owners): every api-server and worker of this Vigil, with its version,
 * start time, last heartbeat, the task queues it polls and its health. A node that has not beaten
 * for three intervals is {@code lost} (stopped uncleanly, or cut off from PostgreSQL).
 */
@RestController
public class NodeController {

  static final Duration LOST_AFTER = NodeHeartbeat.EVERY.multipliedBy(3);

  private final NodeRegistry registry;

  public NodeController(NodeRegistry registry) {
    this.registry = registry;
  }

  /** A node as the page shows it. */
  public record NodeView(
      String id,
      String kind,
      String version,
      String host,
      long pid,
      Instant startedAt,
      Instant heartbeatAt,
      String state,
      String health,
      List<String> taskQueues,
      Map<String, Object> details) {}

  public record NodesView(List<NodeView> items, Instant now, long lostAfterSeconds) {}

  @GetMapping("/api/v1/nodes")
  @Requires(Permission.TENANT_MANAGE)
  public NodesView list() {
    Instant now = Instant.now();
    List<NodeView> items =
        registry.list().stream()
            .map(
                n ->
                    new NodeView(
                        n.id(),
                        n.kind(),
                        n.version(),
                        n.host(),
                        n.pid(),
                        n.startedAt(),
                        n.heartbeatAt(),
                        n.heartbeatAt().isBefore(now.minus(LOST_AFTER)) ? "lost" : "alive",
                        n.health(),
                        n.taskQueues(),
                        n.details()))
            .toList();
    return new NodesView(items, now, LOST_AFTER.toSeconds());
  }
}
