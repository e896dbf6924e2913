package dev.vigil.detections.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detections.event.Event;
import dev.vigil.detections.rule.BundledRules;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The bundled {@code scan-new-exposed-service} rule on the events a scan publishes (the shape of
 * {@code ScanEvents}): a newly open RDP or database port is an alert per address and port, an
 * ordinary newly open port or a port that was already open is not.
 */
class ScanRuleTest {

  static final Instant T0 = Instant.parse("2026-12-02T06:00:00Z");

  static Event scan(String action, String ip, int port, String service, int second) {
    return new Event(
        "e-" + action + "-" + ip + "-" + port + "-" + second,
        "acme",
        T0.plusSeconds(second),
        T0.plusSeconds(second),
        new Event.Source("nmap", "vigil-scan", null),
        "network",
        "finding",
        action,
        "unknown",
        4,
        ip + ":" + port + "/tcp newly open " + service,
        null,
        null,
        new Event.Endpoint(ip, port, null),
        new Event.Target("asset", ip, ip),
        Map.of("scanId", "s1", "service", service),
        null);
  }

  @Test
  void aNewlyOpenRemoteAccessOrDatabasePortIsAnAlertPerAddressAndPort() {
    DetectionEngine engine =
        DetectionEngineTest.engine(BundledRules.read("scan-new-exposed-service"));
    List<AlertChange> out =
        DetectionEngineTest.feed(
            engine,
            List.of(
                scan("new_open_port", "10.0.0.5", 3389, "ms-wbt-server", 0),
                scan("new_open_port", "10.0.0.5", 8080, "http-proxy", 1),
                scan("open_port", "10.0.0.6", 5432, "postgresql", 2),
                scan("new_open_port", "10.0.0.6", 5432, "postgresql", 3),
                scan("new_open_port", "10.0.0.5", 3389, "ms-wbt-server", 60)));
    List<AlertChange.Opened> opened =
        out.stream()
            .filter(AlertChange.Opened.class::isInstance)
            .map(AlertChange.Opened.class::cast)
            .toList();
    assertThat(opened).hasSize(2);
    assertThat(opened).allMatch(o -> o.ruleKey().equals("scan-new-exposed-service"));
    assertThat(out.stream().filter(AlertChange.Folded.class::isInstance))
        .as("the same port again within a day folds into its alert")
        .hasSize(1);
  }
}
