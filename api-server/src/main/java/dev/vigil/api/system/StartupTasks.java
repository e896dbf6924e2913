package dev.vigil.api.system;

import dev.vigil.api.detection.Detections;
import dev.vigil.api.playbook.Playbooks;
import dev.vigil.api.run.Interruptions;
import dev.vigil.store.identity.TenantRecord;
import dev.vigil.store.identity.TenantRepository;
import dev.vigil.store.run.OpenRun;
import dev.vigil.store.run.RunRepository;
import dev.vigil.store.system.Page;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * At start-up: publishes the bundled playbooks and, into every tenant, the bundled detection rules
 * (a no-op when unchanged), then reconciles the system of record with Temporal — a run PostgreSQL
 * holds as open that Temporal does not know (the embedded service keeps runs in memory) is marked
 * {@code interrupted} with the reason ({@link Interruptions}), never left "running" forever. Health
 * is DOWN until both are done.
 */
@Component
public class StartupTasks implements ApplicationRunner, HealthIndicator {

  private static final Logger log = LoggerFactory.getLogger(StartupTasks.class);
  static final Actor SYSTEM = Actor.system(Actor.DEFAULT_TENANT);

  private final ApiProperties props;
  private final Playbooks playbooks;
  private final RunRepository runs;
  private final Interruptions interruptions;
  private final Detections detections;
  private final TenantRepository tenants;
  private volatile boolean done;

  public StartupTasks(
      ApiProperties props,
      Playbooks playbooks,
      RunRepository runs,
      Interruptions interruptions,
      Detections detections,
      TenantRepository tenants) {
    this.props = props;
    this.playbooks = playbooks;
    this.runs = runs;
    this.interruptions = interruptions;
    this.detections = detections;
    this.tenants = tenants;
  }

  @Override
  public void run(ApplicationArguments args) {
    if (props.publishBundled()) {
      publishBundled();
      publishBundledRules();
    }
    reconcile();
    done = true;
  }

  /** The bundled playbooks into every tenant (new tenants get them when created). */
  void publishBundled() {
    forEachTenant(
        t -> {
          try {
            playbooks.publishBundled(t);
          } catch (ApiException e) {
            throw new IllegalStateException("a bundled playbook is invalid: " + e.getMessage(), e);
          }
        });
  }

  private void forEachTenant(java.util.function.Consumer<String> work) {
    String cursor = null;
    do {
      Page<TenantRecord> page = tenants.list(200, cursor);
      page.items().forEach(t -> work.accept(t.id()));
      cursor = page.nextCursor();
    } while (cursor != null);
  }

  /** The bundled detection rules into every tenant (new tenants get them when created). */
  void publishBundledRules() {
    forEachTenant(
        t -> {
          try {
            detections.publishBundled(t);
          } catch (ApiException e) {
            throw new IllegalStateException(
                "a bundled detection rule is invalid: " + e.getMessage(), e);
          }
        });
  }

  /** Marks open runs Temporal does not know as interrupted; returns how many. */
  public int reconcile() {
    int n = 0;
    for (OpenRun run : runs.openRunsOfAllTenants()) {
      if (interruptions.interruptIfForgotten(run.tenant(), run.runId(), run.workflowId())) {
        n++;
      }
    }
    return n;
  }

  /**
   * /actuator/health: DOWN until the start-up tasks are done, so a load balancer or a script never
   * sees a Vigil whose run list still shows forgotten runs as running.
   */
  @Override
  public Health health() {
    return done
        ? Health.up().build()
        : Health.down()
            .withDetail("startup", "publishing bundled playbooks, reconciling runs")
            .build();
  }
}
