package dev.vigil.workflows.scan;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** What {@link ScanWorkflow} asks of the worker. Every method is safe to retry. */
@ActivityInterface
public interface ScanActivities {

  /**
   * Takes one of the tenant's scan slots ({@code scanConcurrency} in its settings) for the scan,
   * moving it from queued to running; false when every slot is taken (the workflow waits and asks
   * again). True when the scan already runs (a retried claim).
   */
  @ActivityMethod(name = "ScanClaim")
  boolean claim(String tenant, String scanId);

  /**
   * {@code scan.nmap}: checks the target against the tenant's scope again, runs nmap with the
   * profile's fixed arguments, heartbeats its progress (percent, hosts done, ETA; also recorded on
   * the scan), and stores what it found, replacing any earlier attempt's findings. Cancelled (or
   * its worker stopping), it kills nmap's process group. Failure types: {@code ScanRefused}
   * (outside the scope), {@code NmapMissing}, {@code NmapFailed} (nmap refused its arguments, e.g.
   * a UDP scan without root) — none retried; anything else is.
   */
  @ActivityMethod(name = "ScanNmap")
  ScanSummary nmap(ScanRequest request);

  /**
   * Ingests the scan's findings as {@code network} events and its diff with the previous succeeded
   * scan of the same scope ({@code new_host}, {@code new_open_port}, {@code closed_port}, {@code
   * service_changed}) — once: a retry finds them ingested. Returns how many events.
   */
  @ActivityMethod(name = "ScanPublish")
  int publish(String tenant, String scanId);

  /** Ends the scan: {@code succeeded}, {@code failed} (with why) or {@code cancelled}. */
  @ActivityMethod(name = "ScanFinish")
  void finish(String tenant, String scanId, String status, ScanSummary summary, String error);
}
