package dev.vigil.activities.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detections.event.Event;
import dev.vigil.store.scan.ScanRepository.Finding;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Findings become events, and two real reports of the same host (a service scan with the test's
 * HTTP server on 18765, then a full TCP scan after it stopped, with two other services up) diff
 * into what changed.
 */
class ScanEventsTest {

  static final Instant AT = Instant.parse("2026-12-02T06:00:00Z");

  static List<Finding> report(String name) throws Exception {
    try (InputStream in = NmapXmlTest.sample(name)) {
      return NmapXml.parse(in).findings();
    }
  }

  static List<String> actions(List<Event> events) {
    return events.stream().map(e -> e.action() + " " + e.dst().port()).toList();
  }

  @Test
  void theFirstScanOfAScopeIsItsHostsAndOpenPortsOnly() throws Exception {
    List<Event> events = ScanEvents.of("acme", "s1", report("service-version.xml"), null, AT);
    assertThat(actions(events)).containsExactly("host_up null", "open_port 18765");
    Event open = events.get(1);
    assertThat(open.category()).isEqualTo("network");
    assertThat(open.type()).isEqualTo("finding");
    assertThat(open.source().format()).isEqualTo("nmap");
    assertThat(open.dst().ip()).isEqualTo("127.0.0.1");
    assertThat(open.target().id()).isEqualTo("127.0.0.1");
    assertThat(open.message()).isEqualTo("127.0.0.1:18765/tcp open http (SimpleHTTPServer 0.6)");
    assertThat(open.attributes())
        .containsEntry("scanId", "s1")
        .containsEntry("product", "SimpleHTTPServer");
    assertThat(open.time()).isEqualTo(AT);
  }

  @Test
  void theNextScanSaysWhatOpenedAndWhatClosed() throws Exception {
    List<Finding> before = report("service-version.xml");
    List<Event> events = ScanEvents.of("acme", "s2", report("full.xml"), before, AT);
    assertThat(actions(events))
        .containsExactlyInAnyOrder(
            "host_up null",
            "open_port 2024",
            "new_open_port 2024",
            "open_port 35881",
            "new_open_port 35881",
            "closed_port 18765");
    Event closed =
        events.stream().filter(e -> e.action().equals("closed_port")).findFirst().orElseThrow();
    assertThat(closed.message()).isEqualTo("127.0.0.1:18765/tcp no longer open (closed)");
    // the same scan published again is the same events (ids derive from scan, finding, action)
    assertThat(ScanEvents.of("acme", "s2", report("full.xml"), before, AT).get(0).id())
        .isEqualTo(events.get(0).id());
  }

  @Test
  void anotherServiceOnAnOpenPortAndAHostNotSeenBeforeAreChanges() {
    Finding host = host("10.0.0.5");
    Finding was = port("10.0.0.5", 22, "ssh", "OpenSSH", "8.9p1");
    Finding is = port("10.0.0.5", 22, "ssh", "OpenSSH", "9.6p1");
    List<Event> events =
        ScanEvents.of(
            "acme",
            "s3",
            List.of(
                host, is, host("10.0.0.6"), port("10.0.0.6", 3389, "ms-wbt-server", null, null)),
            List.of(host, was),
            AT);
    assertThat(actions(events))
        .containsExactlyInAnyOrder(
            "host_up null",
            "open_port 22",
            "service_changed 22",
            "host_up null",
            "new_host null",
            "open_port 3389",
            "new_open_port 3389");
    Event changed =
        events.stream().filter(e -> e.action().equals("service_changed")).findFirst().orElseThrow();
    assertThat(changed.message())
        .isEqualTo("10.0.0.5:22/tcp now ssh (OpenSSH 9.6p1) (was ssh (OpenSSH 8.9p1))");
    assertThat(changed.attributes().get("previous"))
        .isEqualTo(java.util.Map.of("service", "ssh", "product", "OpenSSH", "version", "8.9p1"));
  }

  static Finding host(String ip) {
    return new Finding(
        "host", ip, null, "", 0, "up", "arp-response", null, null, null, null, List.of(), Map.of());
  }

  static Finding port(String ip, int port, String service, String product, String version) {
    return new Finding(
        "port", ip, null, "tcp", port, "open", "syn-ack", service, product, version, null,
        List.of(), Map.of());
  }
}
