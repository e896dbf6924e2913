package dev.vigil.worker.incident;

import dev.vigil.playbook.model.Durations;
import dev.vigil.store.incident.IncidentPolicyRepository;
import dev.vigil.store.incident.IncidentRoutes;
import dev.vigil.store.incident.IncidentRoutes.PendingAlert;
import dev.vigil.store.incident.IncidentRoutes.Route;
import dev.vigil.workflows.incident.AlertRef;
import dev.vigil.workflows.incident.IncidentWorkflow;
import dev.vigil.workflows.incident.OpenIncident;
import dev.vigil.workflows.incident.policy.PolicySet;
import dev.vigil.workflows.system.TaskQueues;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Correlation: routes new alerts to incidents. In one transaction per tenant it claims the waiting
 * alerts, computes each one's correlation key with the tenant's policy, and decides: join the open
 * incident of that key (within the window; a resolved one too when the policy reopens), or open a
 * new incident whose id derives from the alert's — so a retry after a crash picks the same id.
 * After the commit each alert is delivered to its incident with signal-with-start (the first alert
 * of a campaign opens it, the next join it), and marked delivered; an undelivered alert is sent
 * again on the next pass, and the incident ignores a second copy.
 */
public final class IncidentRouter {

  private static final Logger log = LoggerFactory.getLogger(IncidentRouter.class);
  private static final int BATCH = 500;
  private static final List<String> SEVERITIES =
      List.of("info", "low", "medium", "high", "critical");

  private final IncidentRoutes routes;
  private final IncidentPolicyRepository policies;
  private final WorkflowClient temporal;

  public IncidentRouter(DataSource dataSource, WorkflowClient temporal) {
    this.routes = new IncidentRoutes(dataSource);
    this.policies = new IncidentPolicyRepository(dataSource);
    this.temporal = temporal;
  }

  /** An alert on its way to its incident. */
  record Delivery(AlertRef alert, OpenIncident open) {}

  /** Routes every tenant's waiting alerts; returns how many were delivered. */
  public int routeAll() {
    int n = 0;
    for (String tenant : routes.tenantsWithPending()) {
      try {
        n += route(tenant);
      } catch (RuntimeException e) {
        // one tenant's trouble (a database error) must not hold up the others; retried next pass
        log.error("routing the alerts of tenant {} failed; retrying", tenant, e);
      }
    }
    return n;
  }

  /** Routes and delivers one tenant's waiting alerts, batch after batch. */
  public int route(String tenant) {
    int total = 0;
    while (true) {
      List<Delivery> batch = routes.db().inTenant(tenant, jdbc -> decide(jdbc, tenant));
      if (batch.isEmpty()) {
        return total;
      }
      List<String> done = new ArrayList<>();
      for (Delivery d : batch) {
        if (deliver(tenant, d)) {
          done.add(d.alert().alertId());
        }
      }
      routes.delivered(tenant, done);
      total += done.size();
      if (done.size() < batch.size() || batch.size() < BATCH) {
        return total; // what failed is retried on the next pass, not in a tight loop
      }
    }
  }

  private List<Delivery> decide(JdbcClient jdbc, String tenant) {
    List<PendingAlert> pending = routes.claim(jdbc, tenant, BATCH);
    if (pending.isEmpty()) {
      return List.of();
    }
    PolicySet set =
        PolicySet.load(
            kind ->
                policies
                    .latest(jdbc, tenant, kind)
                    .map(v -> new PolicySet.Stored(v.version(), v.definition())));
    Duration window = Durations.parse(set.correlation().window()).orElse(Duration.ofHours(24));
    int min = SEVERITIES.indexOf(set.correlation().minSeverity());
    List<Delivery> out = new ArrayList<>();
    for (PendingAlert p : pending) {
      AlertRef ref = ref(p);
      if (p.incidentId() != null) { // routed before, not yet confirmed: deliver again
        out.add(new Delivery(ref, set.open(tenant, p.incidentId(), ref, keyOf(set, ref, p))));
        continue;
      }
      if (SEVERITIES.indexOf(p.severity()) < min) {
        routes.skip(jdbc, tenant, p.id());
        continue;
      }
      String key = keyOf(set, ref, p);
      String incidentId = join(jdbc, tenant, key, p, window, set.correlation().reopens());
      boolean opens = incidentId == null;
      if (opens) {
        incidentId = incidentIdFor(tenant, p.id());
      }
      routes.saveRoute(jdbc, tenant, key, incidentId, p.lastSeen());
      routes.assign(jdbc, tenant, p.id(), incidentId);
      out.add(new Delivery(ref, set.open(tenant, incidentId, ref, key)));
    }
    return out;
  }

  /** The incident {@code p} joins, or null when it opens a new one. */
  private String join(
      JdbcClient jdbc,
      String tenant,
      String key,
      PendingAlert p,
      Duration window,
      boolean reopens) {
    Route r = routes.route(jdbc, tenant, key).orElse(null);
    if (r == null) {
      return null;
    }
    String target = r.incidentId();
    Route state = r;
    for (int hops = 0; state.exists() && state.mergedInto() != null && hops < 10; hops++) {
      target = state.mergedInto(); // a merged incident routes to the one that absorbed it
      state =
          routes
              .incident(jdbc, tenant, target)
              .orElse(new Route(target, r.lastAlertAt(), "new", null, false));
    }
    if (p.firstSeen().isAfter(r.lastAlertAt().plus(window))) {
      return null; // too long after the last alert: a new campaign
    }
    if (!state.exists()) {
      return target; // opened moments ago, not recorded yet
    }
    return switch (state.status()) {
      case "closed" -> null;
      case "resolved" -> reopens ? target : null;
      default -> target;
    };
  }

  /** Sends the alert to its incident, opening it when needed; false when it must be retried. */
  private boolean deliver(String tenant, Delivery d) {
    String workflowId = OpenIncident.workflowId(tenant, d.open().incidentId());
    IncidentWorkflow stub =
        temporal.newWorkflowStub(
            IncidentWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(workflowId)
                .setTaskQueue(TaskQueues.INCIDENTS)
                // an ended incident is never revived under its old id: its alert is re-routed
                .setWorkflowIdReusePolicy(
                    WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                .setStaticSummary(d.open().title())
                .build());
    try {
      BatchRequest request = temporal.newSignalWithStartRequest();
      request.add(stub::run, d.open());
      request.add(stub::attachAlert, d.alert());
      temporal.signalWithStart(request);
      return true;
    } catch (WorkflowExecutionAlreadyStarted e) {
      log.info(
          "incident {} has ended; alert {} is routed afresh",
          d.open().incidentId(),
          d.alert().alertId());
      routes.reroute(tenant, d.alert().alertId());
      return false;
    } catch (RuntimeException e) {
      log.warn(
          "alert {} not delivered to incident {} (retried): {}",
          d.alert().alertId(),
          d.open().incidentId(),
          e.getMessage());
      return false;
    }
  }

  /** The id of the incident an alert opens: derived from the alert, so a retry picks it again. */
  static String incidentIdFor(String tenant, String alertId) {
    return UUID.nameUUIDFromBytes(
            ("incident/" + tenant + "/" + alertId).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  static AlertRef ref(PendingAlert p) {
    return new AlertRef(
        p.id(),
        p.ruleKey(),
        p.ruleVersion(),
        p.title(),
        p.severity(),
        p.entityKind(),
        p.entityValue(),
        p.group(),
        p.mitre(),
        p.firstSeen().toString(),
        p.eventCount());
  }

  /** The alert's correlation key; an alert without the key's fields is an incident of its own. */
  private static String keyOf(PolicySet set, AlertRef ref, PendingAlert p) {
    String key = set.correlation().key(ref);
    return key == null ? "alert=" + p.id() : key;
  }
}
