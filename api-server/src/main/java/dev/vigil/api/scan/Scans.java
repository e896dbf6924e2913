package dev.vigil.api.scan;

import dev.vigil.api.billing.Entitlements;
import dev.vigil.api.system.Actor;
import dev.vigil.api.system.ApiException;
import dev.vigil.api.system.Audit;
import dev.vigil.store.billing.UsageCounters;
import dev.vigil.store.scan.ScanRepository;
import dev.vigil.store.scan.ScanRepository.Finding;
import dev.vigil.store.scan.ScanRepository.Scan;
import dev.vigil.store.settings.TenantSettingsRepository;
import dev.vigil.store.system.Page;
import dev.vigil.workflows.scan.ScanProfile;
import dev.vigil.workflows.scan.ScanRequest;
import dev.vigil.workflows.scan.ScanTargets;
import dev.vigil.workflows.scan.ScanWorkflow;
import dev.vigil.workflows.system.TaskQueues;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Network scans ({@code /api/v1/scans}): a scan is checked (target syntax, the tenant's scope, the
 * profile, the ports), queued in the store and started as {@code ScanWorkflow}; lists, progress and
 * findings come from the store, which the scan activities keep current. Starting and cancelling are
 * audited, refusals too.
 */
@Service
public class Scans {

  private static final Logger log = LoggerFactory.getLogger(Scans.class);

  /** A port list: numbers and ranges of 1–65535, comma-separated. */
  static final Pattern PORTS = Pattern.compile("^\\d{1,5}(-\\d{1,5})?(,\\d{1,5}(-\\d{1,5})?)*$");

  private final ScanRepository scans;
  private final TenantSettingsRepository settings;
  private final WorkflowClient temporal;
  private final Audit audit;
  private final Entitlements entitlements;

  public Scans(
      ScanRepository scans,
      TenantSettingsRepository settings,
      WorkflowClient temporal,
      Audit audit,
      Entitlements entitlements) {
    this.entitlements = entitlements;
    this.scans = scans;
    this.settings = settings;
    this.temporal = temporal;
    this.audit = audit;
  }

  /** {@code POST /api/v1/scans}. */
  public record StartScan(String target, String profile, String ports) {}

  /** A scan as the API shows it (findings only on the single view). */
  public record ScanView(
      String scanId,
      String target,
      String profile,
      String ports,
      String status,
      String requestedBy,
      String scheduleId,
      Instant createdAt,
      Instant startedAt,
      Instant endedAt,
      Map<String, Object> progress,
      Map<String, Object> summary,
      String error,
      List<HostView> hosts,
      List<FindingView> findings) {}

  public record HostView(String address, String hostname, String state, String reason) {}

  public record FindingView(
      String host,
      String hostname,
      int port,
      String protocol,
      String state,
      String service,
      String product,
      String version,
      String extraInfo,
      List<String> cpe,
      Map<String, Object> scripts) {}

  public ScanView start(Actor actor, StartScan body) {
    if (body == null) {
      throw ApiException.invalid("", "the body must be {target, profile, ports?}");
    }
    List<ApiException.FieldError> errors = new ArrayList<>();
    ScanTargets.Parsed targets = null;
    try {
      targets = ScanTargets.parse(body.target());
    } catch (IllegalArgumentException e) {
      errors.add(
          new ApiException.FieldError(
              "/target",
              e.getMessage(),
              "addresses, CIDR blocks (at most a /16) or host names, separated by spaces or commas"));
    }
    Optional<ScanProfile> profile = ScanProfile.of(body.profile() == null ? "" : body.profile());
    if (profile.isEmpty()) {
      errors.add(
          new ApiException.FieldError(
              "/profile",
              "unknown profile '" + body.profile() + "'",
              "one of " + ScanProfile.keys()));
    }
    String ports = body.ports() == null || body.ports().isBlank() ? null : body.ports().trim();
    if (ports != null) {
      String why = portsProblem(ports, profile.orElse(null));
      if (why != null) {
        errors.add(new ApiException.FieldError("/ports", why, "e.g. 22,80,443,8000-8100"));
      }
    }
    if (errors.isEmpty()) {
      Optional<String> outside =
          ScanTargets.outsideScope(targets, settings.get(actor.tenant()).scanScope());
      if (outside.isPresent()) {
        errors.add(
            new ApiException.FieldError(
                "/target", outside.get(), "an admin widens scanScope in Settings"));
      }
    }
    if (!errors.isEmpty()) {
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("target", String.valueOf(body.target()));
      details.put("reason", errors.get(0).message());
      audit.record(actor, "scan.start", "scan", Audit.REJECTED, details);
      throw ApiException.invalid("the scan was refused", errors);
    }
    entitlements.require(actor.tenant(), Map.of("scansPerDay", 1L, "concurrentScans", 1L));
    UUID id = UUID.randomUUID();
    String target = String.join(" ", targets.arguments());
    Scan scan;
    try {
      // checked again under the counter's lock: two requests at once cannot both pass the day's
      scan =
          scans.queue(
              actor.tenant(),
              id,
              target,
              profile.get().key(),
              ports,
              ScanTargets.scopeKey(targets, profile.get().key(), ports),
              actor.user(),
              null,
              entitlements.max(actor.tenant(), "scansPerDay"));
    } catch (UsageCounters.LimitReached e) {
      throw entitlements.reached(actor.tenant(), "scansPerDay", e);
    }
    ScanWorkflow wf =
        temporal.newWorkflowStub(
            ScanWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(ScanWorkflow.id(actor.tenant(), id.toString()))
                .setTaskQueue(TaskQueues.SCANS)
                .setWorkflowIdReusePolicy(
                    WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                .setStaticSummary("scan " + target + " (" + profile.get().key() + ")")
                .build());
    try {
      WorkflowClient.start(
          wf::run,
          new ScanRequest(
              actor.tenant(), id.toString(), target, profile.get().key(), ports, actor.user()));
    } catch (RuntimeException e) {
      log.warn("scan {} could not start: {}", id, e.toString());
      scans.finish(actor.tenant(), id.toString(), "failed", null, "could not start: " + e);
      throw ApiException.unavailable("Temporal did not take the scan; try again");
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("scanId", id.toString());
    details.put("target", target);
    details.put("profile", profile.get().key());
    details.put("ports", ports);
    audit.record(actor, "scan.start", "scan:" + id, Audit.SUCCESS, details);
    return view(scan, null, null);
  }

  public Page<ScanView> list(Actor actor, String status, Integer limit, String cursor) {
    if (status != null
        && !List.of("queued", "running", "succeeded", "failed", "cancelled").contains(status)) {
      throw ApiException.invalid(
          "/status", "status must be queued, running, succeeded, failed or cancelled");
    }
    int n = limit == null ? 50 : Math.max(1, Math.min(200, limit));
    Page<Scan> page;
    try {
      page = scans.list(actor.tenant(), status, n, cursor);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("/cursor", "not a cursor of this list");
    }
    return new Page<>(
        page.items().stream().map(s -> view(s, null, null)).toList(), page.nextCursor());
  }

  public ScanView get(Actor actor, String id) {
    Scan s = find(actor, id);
    List<Finding> all = scans.findings(actor.tenant(), s.id());
    List<HostView> hosts = new ArrayList<>();
    List<FindingView> ports = new ArrayList<>();
    for (Finding f : all) {
      if (f.kind().equals("host")) {
        hosts.add(new HostView(f.address(), f.hostname(), f.state(), f.reason()));
      } else {
        ports.add(
            new FindingView(
                f.address(),
                f.hostname(),
                f.port(),
                f.protocol(),
                f.state(),
                f.service(),
                f.product(),
                f.version(),
                f.extraInfo(),
                f.cpe(),
                f.scripts()));
      }
    }
    return view(s, hosts, ports);
  }

  /** A scan as the list shows it, for the live stream; empty if the tenant has no such scan. */
  java.util.Optional<ScanView> item(String tenant, String id) {
    return scans.get(tenant, id).map(s -> view(s, null, null));
  }

  /** The scan's findings, for exports. */
  List<Finding> findings(Actor actor, String id) {
    return scans.findings(actor.tenant(), find(actor, id).id());
  }

  Scan find(Actor actor, String id) {
    return scans.get(actor.tenant(), id).orElseThrow(() -> ApiException.notFound("no scan " + id));
  }

  public ScanView cancel(Actor actor, String id) {
    Scan s = find(actor, id);
    if (s.finished()) {
      audit.record(
          actor, "scan.cancel", "scan:" + s.id(), Audit.REJECTED, Map.of("status", s.status()));
      throw ApiException.conflict("scan-finished", "the scan already ended " + s.status());
    }
    WorkflowStub.fromTyped(
            temporal.newWorkflowStub(ScanWorkflow.class, ScanWorkflow.id(actor.tenant(), s.id())))
        .cancel();
    audit.record(actor, "scan.cancel", "scan:" + s.id(), Audit.SUCCESS, Map.of());
    return view(s, null, null);
  }

  static String portsProblem(String ports, ScanProfile profile) {
    if (profile != null && !profile.scansPorts()) {
      return "the " + profile.key() + " profile scans no ports";
    }
    if (ports.length() > 500 || !PORTS.matcher(ports).matches()) {
      return "'" + ports + "' is not a list of ports and ranges";
    }
    for (String part : ports.split(",")) {
      String[] ends = part.split("-");
      int lo = Integer.parseInt(ends[0]);
      int hi = ends.length > 1 ? Integer.parseInt(ends[1]) : lo;
      if (lo < 1 || hi > 65535 || hi < lo) {
        return "'" + part + "' is not a port or range within 1-65535";
      }
    }
    return null;
  }

  private static ScanView view(Scan s, List<HostView> hosts, List<FindingView> findings) {
    return new ScanView(
        s.id(),
        s.target(),
        s.profile(),
        s.ports(),
        s.status(),
        s.requestedBy(),
        s.scheduleId(),
        s.createdAt(),
        s.startedAt(),
        s.endedAt(),
        s.progress(),
        s.summary(),
        s.error(),
        hosts,
        findings);
  }
}
