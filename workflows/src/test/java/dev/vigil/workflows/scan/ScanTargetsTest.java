package dev.vigil.workflows.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScanTargetsTest {

  static final List<String> SCOPE =
      List.of(
          "10.0.0.0/8", "192.168.1.0/24", "2001:db8::/32", "scanme.example.com", "*.corp.example");

  static String outside(String target) {
    return ScanTargets.outsideScope(ScanTargets.parse(target), SCOPE).orElse(null);
  }

  @Test
  void addressesBlocksAndNamesInsideTheScopeMayBeScanned() {
    assertThat(outside("10.1.2.3")).isNull();
    assertThat(outside("10.20.0.0/17, 192.168.1.128/25")).isNull();
    assertThat(outside("2001:db8:0:1::/120")).isNull();
    assertThat(outside("ScanMe.Example.COM")).isNull();
    assertThat(outside("web.corp.example db.eu.corp.example")).isNull();
    var parsed = ScanTargets.parse("10.20.0.0/17 192.168.1.128/26 scanme.example.com");
    assertThat(parsed.addresses()).isEqualTo(32_768 + 64 + 1);
    assertThat(parsed.arguments())
        .containsExactly("10.20.0.0/17", "192.168.1.128/26", "scanme.example.com");
  }

  @Test
  void everythingElseIsRefusedSayingWhich() {
    assertThat(outside("192.168.2.1"))
        .isEqualTo(
            "192.168.2.1 is outside the tenant's scan scope (10.0.0.0/8, 192.168.1.0/24,"
                + " 2001:db8::/32, scanme.example.com, *.corp.example)");
    assertThat(outside("192.168.1.0/23")).startsWith("192.168.1.0/23 is outside");
    assertThat(outside("10.0.0.1 8.8.8.8 evil.example"))
        .startsWith("8.8.8.8, evil.example are outside");
    assertThat(outside("corp.example")).as("a wildcard covers names below it only").isNotNull();
    assertThat(ScanTargets.outsideScope(ScanTargets.parse("10.0.0.1"), List.of()))
        .hasValueSatisfying(s -> assertThat(s).contains("no scan scope"));
  }

  @Test
  void nmapSyntaxOptionsAndHugeBlocksAreNotTargets() {
    for (String bad :
        List.of(
            "",
            "10.0.0.1-20",
            "10.0.*.1",
            "-iL /etc/passwd",
            "--script=evil",
            "10.0.0.0/33",
            "300.1.1.1",
            "10.0.0",
            "a_b.example",
            "10.0.0.0/15",
            "10.0.0.1 2001:db8::1")) {
      assertThatThrownBy(() -> ScanTargets.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> ScanTargets.parse("10.0.0.0/8"))
        .hasMessageContaining("16777216 addresses")
        .hasMessageContaining("a /16");
    assertThatThrownBy(() -> ScanTargets.parse("10.0.0.1 2001:db8::1"))
        .hasMessageContaining("start one scan for each");
    assertThatThrownBy(() -> ScanTargets.scopeEntry("*."))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(ScanTargets.scopeEntry("0.0.0.0/0").size()).isEqualTo(1L << 32);
  }
}
