package dev.vigil.detections.sigma;

import static dev.vigil.detections.sigma.Sigma.matches;
import static dev.vigil.detections.sigma.Sigma.win;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogsourceMappingTest {

  private static String rule(String logsource, String detection) {
    return "title: t\nlogsource:\n"
        + Sigma.indent(logsource)
        + "detection:\n"
        + Sigma.indent(detection);
  }

  private static final String ANY_IMAGE =
      "selection:\n  Image|endswith: '.exe'\ncondition: selection";

  @Test
  void windowsServiceIsItsChannelCaseInsensitively() {
    String f =
        Sigma.filter(
            rule(
                "product: windows\nservice: security",
                "selection:\n  EventID: 4625\ncondition: selection"));
    assertThat(matches(f, win("Channel", "Security", "EventID", 4625L))).isTrue();
    assertThat(matches(f, win("Channel", "SECURITY", "EventID", "4625"))).isTrue();
    assertThat(matches(f, win("Channel", "System", "EventID", 4625L))).isFalse();
    assertThat(matches(f, win("EventID", 4625L))).isFalse();
  }

  @Test
  void processCreationIsSysmonOneOrSecurity4688() {
    String f = Sigma.filter(rule("product: windows\ncategory: process_creation", ANY_IMAGE));
    assertThat(matches(f, win("Channel", LogsourceMapping.SYSMON, "EventID", 1L, "Image", "a.exe")))
        .isTrue();
    assertThat(matches(f, win("Channel", "Security", "EventID", "4688", "Image", "a.exe")))
        .isTrue();
    assertThat(matches(f, win("Channel", LogsourceMapping.SYSMON, "EventID", 3L, "Image", "a.exe")))
        .isFalse();
    assertThat(matches(f, win("Channel", "Security", "EventID", 1L, "Image", "a.exe"))).isFalse();
  }

  @Test
  void sysmonCategoriesAreTheirEventIds() {
    String[][] cases = {
      {"registry_set", "13"},
      {"file_event", "11"},
      {"image_load", "7"},
      {"network_connection", "3"},
      {"dns_query", "22"},
      {"pipe_created", "17"},
      {"pipe_created", "18"},
      {"process_access", "10"}
    };
    for (String[] c : cases) {
      String f = Sigma.filter(rule("product: windows\ncategory: " + c[0], ANY_IMAGE));
      assertThat(
              matches(
                  f,
                  win(
                      "Channel",
                      LogsourceMapping.SYSMON,
                      "EventID",
                      Long.parseLong(c[1]),
                      "Image",
                      "x.exe")))
          .as(c[0])
          .isTrue();
      assertThat(
              matches(f, win("Channel", LogsourceMapping.SYSMON, "EventID", 5L, "Image", "x.exe")))
          .as(c[0])
          .isFalse();
    }
  }

  @Test
  void linuxSshdAndAuthAreTheSyslogFormat() {
    for (String service : new String[] {"sshd", "auth"}) {
      String f =
          Sigma.filter(
              rule(
                  "product: linux\nservice: " + service,
                  "keywords:\n  - 'Failed password'\ncondition: keywords"));
      assertThat(matches(f, Sigma.sshd("Failed password for root from 1.2.3.4 port 22 ssh2")))
          .isTrue();
      assertThat(matches(f, Sigma.sshd("Accepted password for root"))).isFalse();
    }
  }

  @Test
  void linuxFieldsMapToCanonicalPaths() {
    String f =
        Sigma.filter(
            rule(
                "product: linux\nservice: sshd",
                "selection:\n  user: ROOT\n  src_ip|cidr: 183.62.0.0/16\ncondition: selection"));
    assertThat(matches(f, Sigma.sshd("Failed password"))).isTrue();
  }

  @Test
  void unmappedLogsourcesAreFindings() {
    assertThat(
            Sigma.pointers(Sigma.translate(rule("product: aws\nservice: cloudtrail", ANY_IMAGE))))
        .containsExactly("/logsource");
    assertThat(
            Sigma.pointers(Sigma.translate(rule("product: windows\nservice: nosuch", ANY_IMAGE))))
        .containsExactly("/logsource/service");
    assertThat(
            Sigma.pointers(Sigma.translate(rule("product: windows\ncategory: nosuch", ANY_IMAGE))))
        .containsExactly("/logsource/category");
    assertThat(Sigma.pointers(Sigma.translate(rule("product: linux\nservice: auditd", ANY_IMAGE))))
        .containsExactly("/logsource");
    assertThat(Sigma.pointers(Sigma.translate(rule("category: firewall", ANY_IMAGE))))
        .containsExactly("/logsource");
    assertThat(Sigma.pointers(Sigma.translate(rule("product: macos", ANY_IMAGE))))
        .containsExactly("/logsource/product");
  }
}
