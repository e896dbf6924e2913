package dev.vigil.detections.sigma;

import static dev.vigil.detections.sigma.Sigma.matches;
import static dev.vigil.detections.sigma.Sigma.win;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every file of shared/datasets/sigma translates cleanly or with the findings it must give. */
class DatasetTest {

  /** File → the pointers of its expected findings (empty: translates cleanly). */
  private static final Map<String, List<String>> EXPECTED =
      Map.ofEntries(
          Map.entry(
              "correlation/correlation_multiple_failed_logins_followed_by_successful_login.yml",
              List.of()),
          Map.entry("correlation/event_count.yml", List.of("/correlation/rules/0")),
          Map.entry(
              "correlation/temporal.yml",
              List.of("/correlation/rules/0", "/correlation/rules/1", "/correlation/rules/2")),
          Map.entry(
              "correlation/temporal_ordered.yml",
              List.of("/correlation/rules/0", "/correlation/rules/1", "/correlation/rules/2")),
          Map.entry("correlation/value_count.yml", List.of("/correlation/rules/0")),
          Map.entry("legacy-aggregation/generic_brute_force.yml", List.of("/logsource")),
          Map.entry("legacy-aggregation/lnx_auth_susp_failed_logons_single_source.yml", List.of()),
          Map.entry(
              "legacy-aggregation/win_security_susp_failed_logons_single_source.yml",
              List.of("/detection/condition")),
          Map.entry(
              "legacy-aggregation/win_security_susp_failed_logons_single_source2.yml", List.of()),
          Map.entry(
              "rules/aws_cloudtrail_console_login_failed_authentication.yml",
              List.of("/logsource")),
          Map.entry("rules/lnx_sshd_susp_ssh.yml", List.of()),
          Map.entry("rules/win_security_admin_rdp_login.yml", List.of()),
          Map.entry("rules/win_security_successful_external_remote_rdp_login.yml", List.of()),
          Map.entry("rules/win_security_susp_failed_logon_reasons.yml", List.of()),
          Map.entry("rules/win_security_susp_failed_logon_source.yml", List.of()),
          Map.entry("rules/win_susp_ntlm_brute_force.yml", List.of()));

  private static Translation file(String name) {
    return Sigma.translate(SigmaDatasets.read(name));
  }

  @Test
  void everyFileTranslatesOrGivesItsFindings() {
    assertThat(SigmaDatasets.all().toList()).containsExactlyInAnyOrderElementsOf(EXPECTED.keySet());
    EXPECTED.forEach(
        (name, pointers) -> {
          Translation t = file(name);
          assertThat(Sigma.pointers(t))
              .as(name + ": " + t.problems())
              .containsExactlyElementsOf(pointers);
          if (pointers.isEmpty()) {
            assertThat(t.rule().get("filter")).as(name).isNotNull();
            assertThat(
                    dev.vigil.detections.rule.RuleValidator.validate(
                            dev.vigil.playbook.json.Json.write(t.rule()))
                        .findings())
                .as(name + " is a valid Vigil rule")
                .isEmpty();
          }
        });
  }

  @Test
  void cloudtrailSaysThereIsNoFormat() {
    assertThat(
            file("rules/aws_cloudtrail_console_login_failed_authentication.yml")
                .problems()
                .get(0)
                .message())
        .contains("no cloudtrail format yet");
  }

  @Test
  void adminRdpLogon() {
    Translation t = file("rules/win_security_admin_rdp_login.yml");
    Map<String, Object> r = t.rule();
    assertThat(r.get("key")).isEqualTo("0f63e1ef-1eb9-4226-9d54-8927ca08520a");
    assertThat(r.get("severity")).isEqualTo("low");
    assertThat(r.get("kind")).isEqualTo("match");
    assertThat(r.get("mitre")).isEqualTo(List.of("T1078.001", "T1078.002", "T1078.003"));
    assertThat(r.get("entity"))
        .isEqualTo(Map.of("kind", "user", "value", "${{ event.actor.name }}"));
    String f = (String) r.get("filter");
    Object[] logon = {
      "Channel",
      "Security",
      "EventID",
      4624L,
      "LogonType",
      "10",
      "AuthenticationPackageName",
      "Negotiate"
    };
    assertThat(matches(f, win(with(logon, "TargetUserName", "admin-bob")))).isTrue();
    assertThat(matches(f, win(with(logon, "TargetUserName", "bob")))).isFalse();
  }

  @Test
  void externalRdpLogonSkipsPrivateAndEmptyAddresses() {
    String f =
        (String)
            file("rules/win_security_successful_external_remote_rdp_login.yml")
                .rule()
                .get("filter");
    Object[] logon = {"Channel", "Security", "EventID", "4624", "LogonType", "10"};
    assertThat(matches(f, win(with(logon, "IpAddress", "8.8.8.8")))).isTrue();
    assertThat(matches(f, win(with(logon, "IpAddress", "2a00:1450::1")))).isTrue();
    for (String local :
        List.of(
            "10.0.0.5",
            "172.20.1.1",
            "192.168.0.1",
            "127.0.0.1",
            "169.254.1.1",
            "::1",
            "fe80::1",
            "fd00::1",
            "-")) {
      assertThat(matches(f, win(with(logon, "IpAddress", local)))).as(local).isFalse();
    }
  }

  @Test
  void failedLogonReasons() {
    String f =
        (String) file("rules/win_security_susp_failed_logon_reasons.yml").rule().get("filter");
    Object[] e = {"Channel", "Security", "EventID", 4625L, "SubjectUserSid", "S-1-5-18"};
    assertThat(matches(f, win(with(e, "Status", "0xc0000072")))).isTrue();
    assertThat(matches(f, win(with(e, "SubStatus", "0xC000015B")))).isTrue();
    assertThat(matches(f, win(with(e, "Status", "0xC000006D")))).isFalse();
    assertThat(
            matches(
                f,
                win(
                    "Channel",
                    "Security",
                    "EventID",
                    4625L,
                    "SubjectUserSid",
                    "S-1-0-0",
                    "Status",
                    "0xC0000072")))
        .isFalse();
  }

  @Test
  void ntlmBruteForceDeviceNames() {
    Map<String, Object> r = file("rules/win_susp_ntlm_brute_force.yml").rule();
    String f = (String) r.get("filter");
    Object[] e = {"Channel", "Microsoft-Windows-NTLM/Operational", "EventID", 8004L};
    assertThat(matches(f, win(with(e, "WorkstationName", "REMMINA")))).isTrue();
    assertThat(matches(f, win(with(e, "WorkstationName", "WS042")))).isFalse();
    assertThat(r.get("entity")).isEqualTo(Map.of("kind", "host", "value", "${{ event.src.host }}"));
  }

  @Test
  void sshdErrors() {
    String f = (String) file("rules/lnx_sshd_susp_ssh.yml").rule().get("filter");
    assertThat(matches(f, Sigma.sshd("error: Corrupted MAC on input. [preauth]"))).isTrue();
    assertThat(matches(f, Sigma.sshd("Failed password for root from 1.2.3.4 port 1 ssh2")))
        .isFalse();
  }

  @Test
  void legacyCountsBecomeDistinct() {
    Map<String, Object> lnx =
        file("legacy-aggregation/lnx_auth_susp_failed_logons_single_source.yml").rule();
    assertThat(lnx.get("kind")).isEqualTo("distinct");
    assertThat(lnx.get("distinct"))
        .isEqualTo(Map.of("field", "actor.name", "count", 4L, "window", "1d"));
    assertThat(lnx.get("groupBy")).isEqualTo(List.of("src.ip"));
    Map<String, Object> ntlm =
        file("legacy-aggregation/win_security_susp_failed_logons_single_source2.yml").rule();
    assertThat(ntlm.get("distinct"))
        .isEqualTo(Map.of("field", "actor.name", "count", 4L, "window", "1d"));
    assertThat(ntlm.get("groupBy")).isEqualTo(List.of("attributes.Workstation"));
    assertThat(ntlm.get("entity"))
        .isEqualTo(
            Map.of(
                "kind",
                "other",
                "value",
                "${{ has(event.attributes.Workstation) ? event.attributes.Workstation : null }}"));
  }

  @Test
  void failedLoginsFollowedBySuccessIsAnOrderedSequenceWithACountedStep() {
    Map<String, Object> r =
        file("correlation/correlation_multiple_failed_logins_followed_by_successful_login.yml")
            .rule();
    assertThat(r.get("kind")).isEqualTo("sequence");
    assertThat(r.get("severity")).isEqualTo("high");
    assertThat(r.get("groupBy")).isEqualTo(List.of("actor.name"));
    @SuppressWarnings("unchecked")
    Map<String, Object> seq = (Map<String, Object>) r.get("sequence");
    assertThat(seq.get("window")).isEqualTo("10m");
    assertThat(seq.get("ordered")).isEqualTo(true);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> steps = (List<Map<String, Object>>) seq.get("steps");
    assertThat(steps).extracting(s -> s.get("count")).containsExactly(10L, 1L);
    String failed = (String) steps.get(0).get("filter");
    String success = (String) steps.get(1).get("filter");
    assertThat(matches(failed, win("Channel", "Security", "EventID", 4625L))).isTrue();
    assertThat(matches(failed, win("Channel", "Security", "EventID", 4624L))).isFalse();
    assertThat(matches(success, win("Channel", "Security", "EventID", "4624"))).isTrue();
    assertThat(r.get("entity"))
        .isEqualTo(Map.of("kind", "user", "value", "${{ event.actor.name }}"));
  }

  private static Object[] with(Object[] base, Object... more) {
    Object[] out = java.util.Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, out, base.length, more.length);
    return out;
  }

  @Test
  void aShortTitleWithoutAnIdStillMakesAValidKey() {
    Translation t =
        Sigma.translate(
            "title: T\nlogsource: {product: windows, service: security}\n"
                + "detection: {sel: {EventID: 4625}, condition: sel}\n");
    assertThat(t.rule().get("key")).isEqualTo("sigma-t");
    assertThat(
            dev.vigil.detections.rule.RuleValidator.validate(
                    dev.vigil.playbook.json.Json.write(t.rule()))
                .findings())
        .isEmpty();
  }
}
