package dev.vigil.workflows.incident.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.playbook.json.Json;
import dev.vigil.playbook.validation.Finding;
import dev.vigil.workflows.incident.AlertRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The policy documents: defaults and the documentation's examples validate; mistakes point. */
class IncidentPoliciesTest {

  static AlertRef alert(String kind, String value, List<String> mitre) {
    return new AlertRef(
        "a1",
        "login-failures-per-source",
        1,
        "Many failed logins",
        "high",
        kind,
        value,
        Map.of("src.ip", "203.0.113.7"),
        mitre,
        "2026-12-01T10:00:00Z",
        12);
  }

  static List<String> pointers(String kind, String json) throws Exception {
    return IncidentPolicies.validate(kind, Json.parse(json)).stream()
        .map(Finding::pointer)
        .toList();
  }

  @Test
  void theBundledDefaultsValidateAndLoad() throws Exception {
    for (String kind : IncidentPolicies.KINDS) {
      assertThat(IncidentPolicies.validate(kind, Json.parse(IncidentPolicies.defaults(kind))))
          .as(kind)
          .isEmpty();
    }
    PolicySet set = PolicySet.load(k -> java.util.Optional.empty());
    assertThat(set.versions()).containsOnlyKeys(IncidentPolicies.KINDS).containsValue(0);
    assertThat(set.correlation().fields()).containsExactly("entity");
    assertThat(set.responses())
        .extracting(r -> r.playbook())
        .containsExactly("incident-containment", "incident-notify", "incident-log");
  }

  @Test
  void everyPolicyExampleInTheDocsValidates() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "incidents.md"));
    Matcher m =
        Pattern.compile("<!-- policy: (\\w+) -->\\n```json\\n(.*?)```", Pattern.DOTALL)
            .matcher(doc);
    List<String> kinds = new ArrayList<>();
    while (m.find()) {
      assertThat(IncidentPolicies.validate(m.group(1), Json.parse(m.group(2))))
          .as(m.group(2))
          .isEmpty();
      kinds.add(m.group(1));
    }
    assertThat(kinds).containsExactlyInAnyOrderElementsOf(IncidentPolicies.KINDS);
  }

  @Test
  void mistakesAreReportedAtTheirPointers() throws Exception {
    assertThat(
            pointers(
                "correlation",
                "{\"fields\": [\"entity\", \"colour\", \"entity\"], \"window\": \"soon\", \"afterResolution\": \"maybe\"}"))
        .containsExactly("/fields/1", "/fields/2", "/window", "/afterResolution");
    assertThat(
            pointers(
                "sla",
                "{\"targets\": {\"urgent\": {}, \"high\": {\"acknowledge\": \"-5m\", \"fix\": \"1h\"}}, \"warnAt\": 1.5}"))
        .containsExactlyInAnyOrder(
            "/targets/urgent", "/targets/high/fix", "/targets/high/acknowledge", "/warnAt");
    assertThat(
            pointers(
                "response",
                "{\"responses\": [{\"id\": \"a\", \"on\": \"incident.created\", \"playbook\": \"p\", \"when\": \"incident.severity ==\"}, {\"id\": \"a\", \"on\": \"alert.attached\"}]}"))
        .containsExactlyInAnyOrder(
            "/responses/0/on", "/responses/0/when", "/responses/1/id", "/responses/1/playbook");
    assertThat(
            pointers(
                "templates",
                "{\"templates\": [{\"id\": \"t\", \"tasks\": [{\"id\": \"x\"}], \"severity\": \"urgent\"}]}"))
        .containsExactlyInAnyOrder("/templates/0/tasks/0/title", "/templates/0/severity");
    assertThat(
            pointers(
                "templates",
                "{\"templates\": [{\"id\": \"t\", \"tasks\": [{\"id\": \"a\", \"title\": \"A\", \"inputs\": {}}, {\"id\": \"b\", \"title\": \"B\", \"playbook\": \"p\", \"inputs\": {\"ip\": \"${{ incident.entities[ }}\"}}, {\"id\": \"c\", \"title\": \"C\", \"playbook\": 7}]}]}"))
        .as("inputs need a playbook and must compile; a playbook is a name")
        .containsExactlyInAnyOrder(
            "/templates/0/tasks/0/inputs",
            "/templates/0/tasks/1/inputs/ip",
            "/templates/0/tasks/2/playbook");
    assertThat(pointers("nope", "{}")).containsExactly("");
  }

  @Test
  void correlationKeysUseTheFieldsAndTacticsOfTheAlert() {
    CorrelationPolicy byEntity = new CorrelationPolicy(List.of("entity"), "24h", "reopen", "low");
    CorrelationPolicy byTactic =
        new CorrelationPolicy(List.of("entity", "rule.tactic"), "24h", "new", "low");
    CorrelationPolicy byGroup =
        new CorrelationPolicy(List.of("group.src.ip"), "24h", "reopen", "low");
    AlertRef a = alert("ip", "203.0.113.7", List.of("T1110.001"));
    assertThat(byEntity.key(a)).isEqualTo("entity=ip:203.0.113.7");
    assertThat(byTactic.key(a)).isEqualTo("entity=ip:203.0.113.7|rule.tactic=TA0006");
    assertThat(byGroup.key(a)).isEqualTo("group.src.ip=203.0.113.7");
    assertThat(byEntity.key(alert(null, null, List.of())))
        .as("no value: an incident of its own")
        .isNull();
    assertThat(byTactic.reopens()).isFalse();
  }

  @Test
  void templatesMatchByRuleOrTacticAndTitleTheIncident() {
    IncidentTemplate t =
        new IncidentTemplate(
            "cred",
            List.of(),
            List.of("TA0006"),
            "Credential attack from ${{ alert.entity.value }}",
            null,
            List.of());
    AlertRef brute = alert("ip", "203.0.113.7", List.of("T1110"));
    assertThat(t.matches(brute)).isTrue();
    assertThat(t.matches(alert("ip", "203.0.113.7", List.of("T1046")))).isFalse();
    assertThat(IncidentPolicies.title(t, brute)).isEqualTo("Credential attack from 203.0.113.7");
    assertThat(IncidentPolicies.title(null, brute)).isEqualTo("Many failed logins — 203.0.113.7");
  }
}
