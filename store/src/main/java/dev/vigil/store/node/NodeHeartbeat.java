package dev.vigil.store.node;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes this process's heartbeat into {@link NodeRegistry} every {@link #EVERY}: the Nodes page
 * reads them. A failed beat (PostgreSQL away) is only logged; the next one tries again. Stopping
 * removes the node, so a clean shutdown does not leave a "lost" node behind.
 */
public final class NodeHeartbeat {

  public static final Duration EVERY = Duration.ofSeconds(15);

  /** Nodes silent this long are forgotten. */
  static final Duration FORGET_AFTER = Duration.ofDays(1);

  private static final Logger log = LoggerFactory.getLogger(NodeHeartbeat.class);

  private final NodeRegistry registry;
  private final String kind;
  private final Supplier<List<String>> taskQueues;
  private final Supplier<String> health;
  private final Supplier<Map<String, Object>> details;
  private final String id;
  private final String host;
  private final long pid;
  private final Instant startedAt = Instant.now();
  private ScheduledExecutorService timer;

  public NodeHeartbeat(
      NodeRegistry registry,
      String kind,
      Supplier<List<String>> taskQueues,
      Supplier<String> health,
      Supplier<Map<String, Object>> details) {
    this.registry = registry;
    this.kind = kind;
    this.taskQueues = taskQueues;
    this.health = health;
    this.details = details;
    this.host = hostName();
    this.pid = ProcessHandle.current().pid();
    this.id = host + ":" + pid + ":" + kind + ":" + UUID.randomUUID().toString().substring(0, 8);
  }

  public String id() {
    return id;
  }

  /** The version in the jar's manifest or Maven metadata; {@code dev} from a build directory. */
  public static String version() {
    String v = NodeHeartbeat.class.getPackage().getImplementationVersion();
    if (v != null) {
      return v;
    }
    try (var in =
        NodeHeartbeat.class.getResourceAsStream("/META-INF/maven/dev.vigil/store/pom.properties")) {
      if (in != null) {
        java.util.Properties p = new java.util.Properties();
        p.load(in);
        return p.getProperty("version", "dev");
      }
    } catch (java.io.IOException e) {
      // no metadata: a development build
    }
    return "dev";
  }

  public synchronized void start() {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "vigil-node-heartbeat");
              t.setDaemon(true);
              return t;
            });
    timer.scheduleWithFixedDelay(this::beat, 1_000, EVERY.toMillis(), TimeUnit.MILLISECONDS);
  }

  public synchronized void stop() {
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
      try {
        registry.remove(id);
      } catch (RuntimeException e) {
        log.debug("node {} not removed on shutdown: {}", id, e.getMessage());
      }
    }
  }

  /** One heartbeat (public for tests). */
  public void beat() {
    try {
      Instant now = Instant.now();
      registry.beat(
          new NodeRegistry.Node(
              id,
              kind,
              version(),
              host,
              pid,
              startedAt,
              now,
              taskQueues.get(),
              health.get(),
              details.get()));
      registry.forgetSilentSince(now.minus(FORGET_AFTER));
    } catch (RuntimeException e) {
      log.warn("node heartbeat not written: {}", e.getMessage());
    }
  }

  private static String hostName() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env; // the pod or container name
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return ManagementFactory.getRuntimeMXBean().getName();
    }
  }
}
