package dev.vigil.activities.scan;

import dev.vigil.store.scan.ScanRepository.Finding;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads nmap's XML output ({@code -oX}, nmap.dtd's {@code nmaprun}) into findings: one per host
 * ({@code host} with its {@code status}, first IPv4/IPv6 {@code address} and first {@code
 * hostname}) and one per listed {@code port} (protocol, port id, {@code state} and its reason,
 * {@code service} name, product, version, extra info, {@code cpe}s, and each {@code script}'s id
 * and output). Ports nmap folds into {@code extraports} (e.g. 997 closed) are not listed, as nmap
 * does not list them. The document type declaration is never fetched and entities never expanded.
 */
public final class NmapXml {

  private NmapXml() {}

  /** What one nmap run reported. */
  public record Report(
      String version,
      String args,
      long startedAt,
      Double elapsedSeconds,
      String exit,
      String errorMessage,
      int hostsUp,
      int hostsDown,
      List<Finding> findings) {

    public long openPorts() {
      return findings.stream()
          .filter(f -> f.kind().equals("port") && f.state().equals("open"))
          .count();
    }
  }

  public static Report parse(InputStream in) throws XMLStreamException {
    XMLInputFactory f = XMLInputFactory.newFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    XMLStreamReader r = f.createXMLStreamReader(in);
    String version = null;
    String args = null;
    long start = 0;
    Double elapsed = null;
    String exit = null;
    String error = null;
    int up = 0;
    int down = 0;
    List<Finding> findings = new ArrayList<>();
    Host host = null;
    Port port = null;
    while (r.hasNext()) {
      int ev = r.next();
      if (ev == XMLStreamConstants.START_ELEMENT) {
        switch (r.getLocalName()) {
          case "nmaprun" -> {
            version = attr(r, "version");
            args = attr(r, "args");
            start = number(attr(r, "start"));
          }
          case "host" -> host = new Host();
          case "status" -> {
            if (host != null) {
              host.state = attr(r, "state");
              host.reason = attr(r, "reason");
            }
          }
          case "address" -> {
            String type = attr(r, "addrtype");
            if (host != null
                && host.address == null
                && ("ipv4".equals(type) || "ipv6".equals(type))) {
              host.address = attr(r, "addr");
            }
          }
          case "hostname" -> {
            if (host != null && host.hostname == null) {
              host.hostname = attr(r, "name");
            }
          }
          case "port" -> {
            if (host != null) {
              port = new Port();
              port.protocol = attr(r, "protocol");
              port.port = (int) number(attr(r, "portid"));
            }
          }
          case "state" -> {
            if (port != null) {
              port.state = attr(r, "state");
              port.reason = attr(r, "reason");
            }
          }
          case "service" -> {
            if (port != null) {
              port.service = attr(r, "name");
              port.product = attr(r, "product");
              port.version = attr(r, "version");
              port.extraInfo = attr(r, "extrainfo");
            }
          }
          case "cpe" -> {
            if (port != null) {
              port.cpe.add(r.getElementText().trim());
            }
          }
          case "script" -> {
            if (port != null && attr(r, "id") != null) {
              port.scripts.put(attr(r, "id"), attr(r, "output"));
            }
          }
          case "finished" -> {
            String e = attr(r, "elapsed");
            elapsed = e == null ? null : Double.valueOf(e);
            exit = attr(r, "exit");
            error = attr(r, "errormsg");
          }
          case "hosts" -> {
            up = (int) number(attr(r, "up"));
            down = (int) number(attr(r, "down"));
          }
          default -> {}
        }
      } else if (ev == XMLStreamConstants.END_ELEMENT) {
        if (r.getLocalName().equals("port") && port != null && host != null) {
          host.ports.add(port);
          port = null;
        } else if (r.getLocalName().equals("host") && host != null) {
          if (host.address != null) {
            findings.add(
                new Finding(
                    "host",
                    host.address,
                    host.hostname,
                    "",
                    0,
                    host.state == null ? "unknown" : host.state,
                    host.reason,
                    null,
                    null,
                    null,
                    null,
                    List.of(),
                    Map.of()));
            for (Port p : host.ports) {
              findings.add(
                  new Finding(
                      "port",
                      host.address,
                      host.hostname,
                      p.protocol,
                      p.port,
                      p.state == null ? "unknown" : p.state,
                      p.reason,
                      p.service,
                      p.product,
                      p.version,
                      p.extraInfo,
                      p.cpe,
                      p.scripts));
            }
          }
          host = null;
        }
      }
    }
    return new Report(version, args, start, elapsed, exit, error, up, down, findings);
  }

  private static String attr(XMLStreamReader r, String name) {
    String v = r.getAttributeValue(null, name);
    return v == null || v.isEmpty() ? null : v;
  }

  private static long number(String s) {
    if (s == null) {
      return 0;
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static final class Host {
    String state;
    String reason;
    String address;
    String hostname;
    final List<Port> ports = new ArrayList<>();
  }

  private static final class Port {
    String protocol;
    int port;
    String state;
    String reason;
    String service;
    String product;
    String version;
    String extraInfo;
    final List<String> cpe = new ArrayList<>();
    final Map<String, Object> scripts = new LinkedHashMap<>();
  }
}
