package dev.vigil.activities.scan;

import dev.vigil.detections.event.Event;
import dev.vigil.playbook.json.Json;
import dev.vigil.store.scan.ScanRepository.Finding;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A scan's findings as canonical events, source format {@code nmap}: category {@code network}, type
 * {@code finding}, and the action says what was found — {@code host_up}, {@code open_port} for this
 * scan's hosts and open ports, and against the previous scan of the same scope {@code new_host} (up
 * now, not then), {@code new_open_port} (open now, not then), {@code closed_port} (open then, not
 * now, on a host that is up now) and {@code service_changed} (open both times, but another service,
 * product or version). {@code dst} is the scanned address and port, {@code target} the asset;
 * {@code attributes} keep the finding's fields. Event ids derive from the scan, the finding and the
 * action, so the same scan published twice is the same events.
 */
final class ScanEvents {

  static final String FORMAT = "nmap";

  private ScanEvents() {}

  static List<Event> of(
      String tenant, String scanId, List<Finding> now, List<Finding> before, Instant at) {
    Map<String, Finding> current = index(now);
    Map<String, Finding> previous = before == null ? null : index(before);
    List<Event> out = new ArrayList<>();
    for (Finding f : now) {
      if (f.kind().equals("host") && f.state().equals("up")) {
        out.add(event(tenant, scanId, f, "host_up", 1, "host " + label(f) + " is up", at, null));
        if (previous != null) {
          Finding was = previous.get(f.key());
          if (was == null || !was.state().equals("up")) {
            out.add(
                event(
                    tenant, scanId, f, "new_host", 3, "new host " + label(f) + " is up", at, null));
          }
        }
      } else if (f.kind().equals("port") && f.state().equals("open")) {
        out.add(
            event(tenant, scanId, f, "open_port", 1, port(f) + " open " + service(f), at, null));
        if (previous != null) {
          Finding was = previous.get(f.key());
          if (was == null || !was.state().equals("open")) {
            out.add(
                event(
                    tenant,
                    scanId,
                    f,
                    "new_open_port",
                    4,
                    port(f) + " newly open " + service(f),
                    at,
                    null));
          } else if (!Objects.equals(was.service(), f.service())
              || !Objects.equals(was.product(), f.product())
              || !Objects.equals(was.version(), f.version())) {
            out.add(
                event(
                    tenant,
                    scanId,
                    f,
                    "service_changed",
                    3,
                    port(f) + " now " + service(f) + " (was " + service(was) + ")",
                    at,
                    was));
          }
        }
      }
    }
    if (previous != null) {
      for (Finding was : before) {
        if (!was.kind().equals("port") || !was.state().equals("open")) {
          continue;
        }
        Finding host = current.get(was.address() + "//0");
        Finding is = current.get(was.key());
        boolean hostUp = host != null && host.state().equals("up");
        if (hostUp && (is == null || !is.state().equals("open"))) {
          Finding closed =
              is != null
                  ? is
                  : new Finding(
                      "port",
                      was.address(),
                      was.hostname(),
                      was.protocol(),
                      was.port(),
                      "closed",
                      null,
                      was.service(),
                      null,
                      null,
                      null,
                      List.of(),
                      Map.of());
          out.add(
              event(
                  tenant,
                  scanId,
                  closed,
                  "closed_port",
                  1,
                  port(was) + " no longer open (" + closed.state() + ")",
                  at,
                  was));
        }
      }
    }
    return out;
  }

  private static Map<String, Finding> index(List<Finding> findings) {
    Map<String, Finding> m = new LinkedHashMap<>();
    findings.forEach(f -> m.put(f.key(), f));
    return m;
  }

  private static String label(Finding f) {
    return f.hostname() == null ? f.address() : f.address() + " (" + f.hostname() + ")";
  }

  private static String port(Finding f) {
    return (f.address().contains(":") ? "[" + f.address() + "]" : f.address())
        + ":"
        + f.port()
        + "/"
        + f.protocol();
  }

  private static String service(Finding f) {
    StringBuilder b = new StringBuilder(f.service() == null ? "unknown" : f.service());
    if (f.product() != null) {
      b.append(" (").append(f.product());
      if (f.version() != null) {
        b.append(' ').append(f.version());
      }
      b.append(')');
    }
    return b.toString();
  }

  private static Event event(
      String tenant,
      String scanId,
      Finding f,
      String action,
      int severity,
      String message,
      Instant at,
      Finding was) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("scanId", scanId);
    attributes.put("state", f.state());
    if (f.kind().equals("port")) {
      attributes.put("protocol", f.protocol());
      attributes.put("service", f.service());
      attributes.put("product", f.product());
      attributes.put("version", f.version());
      attributes.put("cpe", f.cpe());
      if (!f.scripts().isEmpty()) {
        attributes.put("scripts", f.scripts());
      }
    }
    if (was != null) {
      Map<String, Object> previous = new LinkedHashMap<>();
      previous.put("service", was.service());
      previous.put("product", was.product());
      previous.put("version", was.version());
      attributes.put("previous", previous);
    }
    String id =
        UUID.nameUUIDFromBytes(
                (tenant + "/" + scanId + "/" + f.key() + "/" + action)
                    .getBytes(StandardCharsets.UTF_8))
            .toString();
    return new Event(
        id,
        tenant,
        at,
        at,
        new Event.Source(FORMAT, "vigil-scan", null),
        "network",
        "finding",
        action,
        "unknown",
        severity,
        message,
        null,
        null,
        new Event.Endpoint(f.address(), f.kind().equals("port") ? f.port() : null, f.hostname()),
        new Event.Target("asset", f.address(), f.hostname() == null ? f.address() : f.hostname()),
        attributes,
        Json.write(f));
  }
}
