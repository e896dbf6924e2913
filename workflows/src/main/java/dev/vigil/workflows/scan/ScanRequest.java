package dev.vigil.workflows.scan;

/**
 * What to scan, checked by the API before the workflow starts (and the scope again by the scan
 * activity, since it may have changed while the scan waited).
 *
 * @param tenant the tenant
 * @param scanId the scan (its row in {@code scans})
 * @param target addresses, blocks and host names ({@link ScanTargets})
 * @param profile a {@link ScanProfile} key
 * @param ports a validated port list replacing the profile's, or null
 * @param requestedBy who asked (a member, or {@code schedule:<id>})
 */
public record ScanRequest(
    String tenant,
    String scanId,
    String target,
    String profile,
    String ports,
    String requestedBy) {}
