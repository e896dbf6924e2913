package dev.vigil.activities.scan;

import dev.vigil.activities.system.ActionException;
import dev.vigil.detections.event.Event;
import dev.vigil.store.event.EventWriter;
import dev.vigil.store.scan.ScanRepository;
import dev.vigil.store.scan.ScanRepository.Scan;
import dev.vigil.store.settings.TenantSettingsRepository;
import dev.vigil.workflows.scan.ScanActivities;
import dev.vigil.workflows.scan.ScanProfile;
import dev.vigil.workflows.scan.ScanRequest;
import dev.vigil.workflows.scan.ScanSummary;
import dev.vigil.workflows.scan.ScanTargets;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** The scan activities: slots, nmap, events, the end. */
public class ScanActivitiesImpl implements ScanActivities {

  private static final Logger log = LoggerFactory.getLogger(ScanActivitiesImpl.class);

  /** How often a running scan's progress is written to its row. */
  static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);

  private final ScanRepository scans;
  private final TenantSettingsRepository settings;
  private final EventWriter events;
  private final Nmap nmap;
  private final Clock clock;

  public ScanActivitiesImpl(DataSource dataSource, String nmapBinary, Clock clock) {
    this.scans = new ScanRepository(dataSource);
    this.settings = new TenantSettingsRepository(dataSource);
    this.events = new EventWriter(dataSource);
    this.nmap = new Nmap(nmapBinary, clock);
    this.clock = clock;
  }

  @Override
  public boolean claim(String tenant, String scanId) {
    return scans.claim(tenant, scanId, settings.get(tenant).scanConcurrency());
  }

  @Override
  public ScanSummary nmap(ScanRequest r) {
    try (var t = MDC.putCloseable("tenant", r.tenant());
        var s = MDC.putCloseable("scanId", r.scanId())) {
      ScanProfile profile =
          ScanProfile.of(r.profile())
              .orElseThrow(
                  () -> nonRetryable("ScanRefused", "no scan profile '" + r.profile() + "'"));
      ScanTargets.Parsed targets;
      try {
        targets = ScanTargets.parse(r.target());
      } catch (IllegalArgumentException e) {
        throw nonRetryable("ScanRefused", e.getMessage());
      }
      Optional<String> outside =
          ScanTargets.outsideScope(targets, settings.get(r.tenant()).scanScope());
      if (outside.isPresent()) {
        throw nonRetryable("ScanRefused", outside.get());
      }
      Instant[] last = {Instant.EPOCH};
      Object[] written = {null};
      NmapXml.Report report;
      try {
        report =
            nmap.run(
                profile,
                r.ports(),
                targets,
                progress -> {
                  // may throw: the scan was cancelled or this worker lost it
                  Activity.getExecutionContext().heartbeat(progress);
                  Instant now = clock.instant();
                  if (!progress.equals(written[0])
                      && Duration.between(last[0], now).compareTo(PROGRESS_EVERY) >= 0) {
                    last[0] = now;
                    written[0] = progress;
                    scans.progress(r.tenant(), r.scanId(), progress);
                  }
                });
      } catch (ActionException e) {
        if (e.type().equals(Nmap.MISSING) || e.type().equals(Nmap.FAILED)) {
          throw nonRetryable(e.type(), e.getMessage());
        }
        throw e;
      }
      scans.replaceFindings(r.tenant(), r.scanId(), report.findings());
      scans.progress(
          r.tenant(),
          r.scanId(),
          NmapProgress.done(targets.addresses(), report.hostsUp(), Nmap.elapsed(report)));
      log.info(
          "scan of {} ({}): {} hosts up, {} open ports",
          r.target(),
          r.profile(),
          report.hostsUp(),
          report.openPorts());
      return new ScanSummary(
          report.hostsUp(),
          report.hostsDown(),
          report.openPorts(),
          report.findings().size(),
          report.elapsedSeconds() == null ? 0 : report.elapsedSeconds(),
          report.version(),
          report.args());
    }
  }

  @Override
  public int publish(String tenant, String scanId) {
    Scan scan =
        scans
            .get(tenant, scanId)
            .orElseThrow(() -> nonRetryable("ScanRefused", "no scan " + scanId));
    if (scan.published()) {
      return 0;
    }
    List<ScanRepository.Finding> before =
        scans.previous(tenant, scan).map(p -> scans.findings(tenant, p.id())).orElse(null);
    List<Event> out =
        ScanEvents.of(tenant, scanId, scans.findings(tenant, scanId), before, clock.instant());
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("accepted", out.size());
    answer.put("rejected", 0);
    answer.put("errors", List.of());
    events.append(
        tenant,
        "scan:" + scanId,
        ScanEvents.FORMAT,
        out,
        0,
        "scan:" + scanId,
        dev.vigil.playbook.json.Json.write(answer),
        jdbc -> ScanRepository.markPublished(jdbc, tenant, scanId));
    return out.size();
  }

  @Override
  public void finish(
      String tenant, String scanId, String status, ScanSummary summary, String error) {
    Map<String, Object> s = null;
    if (summary != null) {
      s = new LinkedHashMap<>();
      s.put("hostsUp", summary.hostsUp());
      s.put("hostsDown", summary.hostsDown());
      s.put("openPorts", summary.openPorts());
      s.put("findings", summary.findings());
      s.put("elapsedSeconds", summary.elapsedSeconds());
      s.put("nmapVersion", summary.nmapVersion());
      s.put("command", summary.command());
    }
    scans.finish(tenant, scanId, status, s, error);
  }

  private static ApplicationFailure nonRetryable(String type, String message) {
    return ApplicationFailure.newNonRetryableFailure(message, type);
  }
}
