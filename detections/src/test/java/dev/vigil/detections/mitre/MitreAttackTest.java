package dev.vigil.detections.mitre;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detections.rule.RuleValidator;
import dev.vigil.playbook.validation.Finding;
import org.junit.jupiter.api.Test;

/**
 * The bundled ATT&CK catalogue, counted as the datasets' SOURCES.md says the extraction holds (835
 * techniques and sub-techniques, 691 neither deprecated nor revoked; 14 tactics), and the rule
 * validator refusing ids that are not ATT&CK's.
 */
class MitreAttackTest {

  final MitreAttack attack = MitreAttack.bundled();

  @Test
  void theCatalogueIsEnterpriseAttackV18() {
    assertThat(attack.version()).isEqualTo("18.1");
    assertThat(attack.techniques()).hasSize(835);
    assertThat(attack.techniques().stream().filter(t -> !t.deprecated() && !t.revoked()))
        .hasSize(691);
    assertThat(attack.tactics()).hasSize(14);
    var t = attack.technique("t1110.001").orElseThrow();
    assertThat(t.name()).isEqualTo("Password Guessing");
    assertThat(t.subtechniqueOf()).isEqualTo("T1110");
    assertThat(t.tactics()).containsExactly("credential-access");
    assertThat(attack.tactic("credential-access").orElseThrow().id()).isEqualTo("TA0006");
    assertThat(attack.tactic("TA0006").orElseThrow().name()).isEqualTo("Credential Access");
    assertThat(attack.known("T9999")).isFalse();
  }

  static String rule(String mitre) {
    return "{\"key\": \"attack-check\", \"title\": \"R\", \"kind\": \"match\", \"severity\": \"low\", \"mitre\": "
        + mitre
        + ", \"filter\": \"${{ event.type == 'authentication' }}\"}";
  }

  @Test
  void aRuleNamingAnIdThatIsNotAttacksIsRefusedAndARevokedOneWarned() {
    var bad = RuleValidator.validate(rule("[\"T1110\", \"T9999\", \"TA0006\"]"));
    assertThat(bad.errors()).extracting(Finding::pointer).containsExactly("/mitre/1");
    assertThat(bad.errors().get(0).message()).contains("T9999").contains("v18.1");
    var revoked = RuleValidator.validate(rule("[\"T1002\"]"));
    assertThat(revoked.errors()).isEmpty();
    assertThat(revoked.warnings())
        .singleElement()
        .satisfies(w -> assertThat(w.message()).contains("Data Compressed").contains("revoked"));
  }
}
