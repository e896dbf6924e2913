package dev.vigil.workflows.scan;

/**
 * What one nmap run found, in short (the findings themselves are in the store, never in history).
 *
 * @param hostsUp hosts nmap saw up
 * @param hostsDown hosts it saw down
 * @param openPorts open ports over all hosts
 * @param findings hosts and ports recorded
 * @param elapsedSeconds how long nmap ran
 * @param nmapVersion the nmap that ran
 * @param command the nmap command line (addresses and fixed options only)
 */
public record ScanSummary(
    int hostsUp,
    int hostsDown,
    long openPorts,
    int findings,
    double elapsedSeconds,
    String nmapVersion,
    String command) {}
