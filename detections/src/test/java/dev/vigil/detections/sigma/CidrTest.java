package dev.vigil.detections.sigma;

import static dev.vigil.detections.sigma.Sigma.matches;
import static dev.vigil.detections.sigma.Sigma.win;
import static dev.vigil.detections.sigma.Sigma.windowsFilter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CidrTest {

  private static boolean in(String cidr, String ip) {
    return Pattern.compile(Cidr.regex(cidr), Pattern.CASE_INSENSITIVE).matcher(ip).find();
  }

  @Test
  void ipv4NonAlignedPrefixMatchesExactlyItsRange() {
    for (int second = 0; second < 256; second++) {
      assertThat(in("172.16.0.0/12", "172." + second + ".1.1"))
          .as("172.%d", second)
          .isEqualTo(second >= 16 && second <= 31);
    }
    for (int last = 0; last < 256; last++) {
      assertThat(in("10.1.2.64/27", "10.1.2." + last))
          .as("%d", last)
          .isEqualTo(last >= 64 && last < 96);
    }
  }

  @Test
  void ipv4AlignedHostAndMappedForms() {
    assertThat(in("10.0.0.0/8", "10.255.0.1")).isTrue();
    assertThat(in("10.0.0.0/8", "110.0.0.1")).isFalse();
    assertThat(in("10.0.0.0/8", "::ffff:10.1.2.3")).isTrue();
    assertThat(in("192.168.1.7", "192.168.1.7")).isTrue();
    assertThat(in("192.168.1.7", "192.168.1.70")).isFalse();
    assertThat(in("0.0.0.0/0", "8.8.8.8")).isTrue();
  }

  @Test
  void ipv6PrefixesOnCanonicalText() {
    assertThat(in("fe80::/10", "fe80::1")).isTrue();
    assertThat(in("fe80::/10", "FEBF:1::2")).isTrue();
    assertThat(in("fe80::/10", "fec0::1")).isFalse();
    assertThat(in("fc00::/7", "fd12:3456::1")).isTrue();
    assertThat(in("fc00::/7", "fe00::1")).isFalse();
    assertThat(in("::1/128", "::1")).isTrue();
    assertThat(in("::1/128", "::10")).isFalse();
    assertThat(in("2001:db8::/32", "2001:db8:0:1::5")).isTrue();
    assertThat(in("2001:db8::/32", "2001:db9::5")).isFalse();
  }

  @Test
  void refusesPrefixesThatCompressionCanHide() {
    assertThatThrownBy(() -> Cidr.regex("::ffff:0:0/96")).hasMessageContaining("zero hextet");
    assertThatThrownBy(() -> Cidr.regex("10.0.0.0/33"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void cidrModifierInAFilter() {
    String f =
        windowsFilter(
            "selection:\n  IpAddress|cidr:\n    - 10.0.0.0/8\n    - fe80::/10\ncondition: selection");
    assertThat(matches(f, win("IpAddress", "10.9.8.7"))).isTrue();
    assertThat(matches(f, win("IpAddress", "fe80::abcd"))).isTrue();
    assertThat(matches(f, win("IpAddress", "11.9.8.7"))).isFalse();
    assertThat(matches(f, win("IpAddress", "-"))).isFalse();
    assertThat(matches(f, win())).isFalse();
  }

  @Test
  void badBlockIsAFindingAtTheField() {
    Translation t =
        Sigma.translate(
            Sigma.windows("selection:\n  IpAddress|cidr: 'nonsense/8'\ncondition: selection"));
    assertThat(Sigma.pointers(t)).containsExactly("/detection/selection/IpAddress|cidr");
  }
}
