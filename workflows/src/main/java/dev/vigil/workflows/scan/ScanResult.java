package dev.vigil.workflows.scan;

/**
 * How a scan ended.
 *
 * @param status {@code succeeded} or {@code failed} (a cancelled scan ends the workflow cancelled)
 * @param summary what nmap found, when it ran to the end
 * @param events events ingested from the findings and the diff with the previous scan
 * @param error why it failed
 */
public record ScanResult(String status, ScanSummary summary, int events, String error) {}
