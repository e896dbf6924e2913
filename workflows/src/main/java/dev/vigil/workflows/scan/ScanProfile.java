package dev.vigil.workflows.scan;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What a scan does, as fixed nmap arguments: no free-form arguments reach nmap. Every profile runs
 * a TCP connect scan or host discovery, so it works without root, except {@code udp-top}, which
 * needs raw sockets (root or CAP_NET_RAW). {@code ports} may replace a profile's port selection
 * with a list the API has validated.
 */
public enum ScanProfile {
  /** Which hosts are up (ping scan, no ports). */
  DISCOVERY("discovery", List.of("-sn"), null, false),
  /** The 100 most common TCP ports. */
  TOP_PORTS("top-ports", List.of("-sT"), List.of("--top-ports", "100"), true),
  /** Every TCP port, 1–65535. */
  FULL_TCP("full-tcp", List.of("-sT"), List.of("-p-"), true),
  /** The 1,000 most common TCP ports with service and version detection and default scripts. */
  SERVICE_VERSION(
      "service-version", List.of("-sT", "-sV", "-sC"), List.of("--top-ports", "1000"), true),
  /** The 50 most common UDP ports (needs raw sockets). */
  UDP_TOP("udp-top", List.of("-sU"), List.of("--top-ports", "50"), true);

  private final String key;
  private final List<String> args;
  private final List<String> defaultPorts;
  private final boolean ports;

  ScanProfile(String key, List<String> args, List<String> defaultPorts, boolean ports) {
    this.key = key;
    this.args = args;
    this.defaultPorts = defaultPorts;
    this.ports = ports;
  }

  /** The name used in the API. */
  public String key() {
    return key;
  }

  /** Whether the profile scans ports (and so takes a {@code ports} list). */
  public boolean scansPorts() {
    return ports;
  }

  public static Optional<ScanProfile> of(String key) {
    return Arrays.stream(values()).filter(p -> p.key.equals(key)).findFirst();
  }

  public static List<String> keys() {
    return Arrays.stream(values()).map(ScanProfile::key).toList();
  }

  /**
   * The profile's nmap arguments before the output options and the targets: its scan type, then
   * {@code -p <portList>} when one is given, else its own port selection.
   */
  public List<String> arguments(String portList) {
    List<String> out = new java.util.ArrayList<>(args);
    if (ports) {
      if (portList != null && !portList.isBlank()) {
        out.add("-p");
        out.add(portList);
      } else {
        out.addAll(defaultPorts);
      }
    }
    return out;
  }
}
