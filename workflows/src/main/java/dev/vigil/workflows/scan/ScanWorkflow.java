package dev.vigil.workflows.scan;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One network scan, durable: it waits for one of the tenant's scan slots, runs nmap in a
 * heartbeating activity (a worker lost mid-scan is noticed by the heartbeat timeout and the scan
 * runs again on another; its findings replace the lost attempt's), ingests the findings and the
 * diff with the previous scan of the same scope as events, and records how it ended. Cancelling the
 * workflow kills nmap's process group and ends the scan {@code cancelled}. Workflow id {@code
 * scan/{tenant}/{scanId}}, task queue {@code scans}.
 */
@WorkflowInterface
public interface ScanWorkflow {

  static String id(String tenant, String scanId) {
    return "scan/" + tenant + "/" + scanId;
  }

  @WorkflowMethod
  ScanResult run(ScanRequest request);
}
