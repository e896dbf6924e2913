package dev.vigil.activities.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.store.scan.ScanRepository.Finding;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The parser against reports nmap 7.93 wrote ({@code src/test/resources/nmap}: a service and
 * version scan with scripts, host discovery of a /30, an unreachable address, UDP, IPv6, a host
 * name, every TCP port), each checked against what a DOM and XPath reading of the same file counts.
 */
class NmapXmlTest {

  static InputStream sample(String name) {
    return NmapXmlTest.class.getResourceAsStream("/nmap/" + name);
  }

  static Document dom(String name) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    try (InputStream in = sample(name)) {
      return f.newDocumentBuilder().parse(in);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "service-version.xml",
        "discovery.xml",
        "unreachable.xml",
        "udp.xml",
        "ipv6.xml",
        "hostname.xml",
        "full.xml"
      })
  void everyHostAndListedPortIsAFindingAsTheXmlSays(String name) throws Exception {
    NmapXml.Report report;
    try (InputStream in = sample(name)) {
      report = NmapXml.parse(in);
    }
    Document doc = dom(name);
    var xpath = XPathFactory.newInstance().newXPath();
    NodeList hosts = (NodeList) xpath.evaluate("/nmaprun/host", doc, XPathConstants.NODESET);
    NodeList ports =
        (NodeList) xpath.evaluate("/nmaprun/host/ports/port", doc, XPathConstants.NODESET);
    Set<String> expected = new HashSet<>();
    for (int i = 0; i < ports.getLength(); i++) {
      Element p = (Element) ports.item(i);
      Element host = (Element) p.getParentNode().getParentNode();
      String addr = ((Element) host.getElementsByTagName("address").item(0)).getAttribute("addr");
      Element state = (Element) p.getElementsByTagName("state").item(0);
      Element service = (Element) p.getElementsByTagName("service").item(0);
      expected.add(
          addr
              + " "
              + p.getAttribute("protocol")
              + "/"
              + p.getAttribute("portid")
              + " "
              + state.getAttribute("state")
              + " "
              + (service == null ? "" : service.getAttribute("name")));
    }
    List<Finding> hostFindings =
        report.findings().stream().filter(f -> f.kind().equals("host")).toList();
    assertThat(hostFindings).hasSize(hosts.getLength());
    Set<String> got = new HashSet<>();
    report.findings().stream()
        .filter(f -> f.kind().equals("port"))
        .forEach(
            f ->
                got.add(
                    f.address()
                        + " "
                        + f.protocol()
                        + "/"
                        + f.port()
                        + " "
                        + f.state()
                        + " "
                        + (f.service() == null ? "" : f.service())));
    assertThat(got).isEqualTo(expected);
    assertThat(report.openPorts())
        .isEqualTo(
            ((Double)
                    xpath.evaluate(
                        "count(/nmaprun/host/ports/port[state/@state='open'])",
                        doc,
                        XPathConstants.NUMBER))
                .longValue());
    assertThat(report.hostsUp())
        .isEqualTo(Integer.parseInt(xpath.evaluate("/nmaprun/runstats/hosts/@up", doc)));
    assertThat(report.version()).isEqualTo("7.93");
    assertThat(report.exit()).isEqualTo("success");
  }

  @Test
  void aServiceScanKeepsProductVersionCpeAndScriptOutput() throws Exception {
    NmapXml.Report report;
    try (InputStream in = sample("service-version.xml")) {
      report = NmapXml.parse(in);
    }
    Finding http =
        report.findings().stream().filter(f -> f.port() == 18765).findFirst().orElseThrow();
    assertThat(http.address()).isEqualTo("127.0.0.1");
    assertThat(http.protocol()).isEqualTo("tcp");
    assertThat(http.state()).isEqualTo("open");
    assertThat(http.reason()).isEqualTo("syn-ack");
    assertThat(http.service()).isEqualTo("http");
    assertThat(http.product()).isEqualTo("SimpleHTTPServer");
    assertThat(http.version()).isEqualTo("0.6");
    assertThat(http.extraInfo()).startsWith("Python 3.");
    assertThat(http.cpe()).containsExactly("cpe:/a:python:simplehttpserver:0.6");
    assertThat(http.scripts())
        .containsEntry("http-title", "Directory listing for /")
        .containsKey("http-server-header");
  }

  @Test
  void hostNamesAndIpv6AddressesAreKept() throws Exception {
    try (InputStream in = sample("hostname.xml")) {
      Finding host = NmapXml.parse(in).findings().get(0);
      assertThat(host.hostname()).isEqualTo("localhost");
      assertThat(host.address()).isEqualTo("127.0.0.1");
    }
    try (InputStream in = sample("ipv6.xml")) {
      assertThat(NmapXml.parse(in).findings()).allMatch(f -> f.address().equals("::1"));
    }
  }

  @Test
  void anExternalEntityIsNeverFetched() {
    String evil =
        "<?xml version=\"1.0\"?><!DOCTYPE nmaprun [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
            + "<nmaprun version=\"7.93\"><host><address addr=\"10.0.0.1\" addrtype=\"ipv4\"/>"
            + "<hostnames><hostname name=\"&x;\"/></hostnames></host></nmaprun>";
    try {
      NmapXml.Report r =
          NmapXml.parse(new ByteArrayInputStream(evil.getBytes(StandardCharsets.UTF_8)));
      assertThat(String.valueOf(r.findings())).doesNotContain("root:");
    } catch (javax.xml.stream.XMLStreamException refused) {
      assertThat(refused.getMessage()).isNotBlank();
    }
    assertThatThrownBy(
            () ->
                NmapXml.parse(
                    new ByteArrayInputStream("<nmaprun><host>".getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(javax.xml.stream.XMLStreamException.class);
  }
}
