package dev.vigil.detections.format;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ValuesTest {

  @Test
  void dashAndEmptyAreAbsent() {
    assertThat(Values.absent("-")).isNull();
    assertThat(Values.absent("")).isNull();
    assertThat(Values.absent("  ")).isNull();
    assertThat(Values.absent(" x ")).isEqualTo("x");
  }

  @Test
  void ipLiteralsWithoutDns() {
    for (String ok :
        new String[] {
          "1.2.3.4",
          "255.255.255.255",
          "0.0.0.0",
          "::",
          "::1",
          "2001:db8::1",
          "fe80::1%eth0",
          "::ffff:192.168.1.1",
          "0000:0000:0000:0000:0000:0000:0000:0001",
          "1:2:3:4:5:6:7::"
        }) {
      assertThat(Values.isIp(ok)).as(ok).isTrue();
    }
    for (String bad :
        new String[] {
          "256.1.1.1",
          "1.2.3",
          "1.2.3.4.5",
          "1..2.3",
          "localhost",
          "example.com",
          "1.2.3.4 ",
          ":::",
          "1:2:3:4:5:6:7:8:9",
          "1::2::3",
          "12345::",
          "2001:db8:::1",
          "g::1",
          ":1::",
          "1:",
          "::1%",
          "1.2.3.4:80"
        }) {
      assertThat(Values.isIp(bad)).as(bad).isFalse();
    }
  }

  @Test
  void splitsUpnAndDownLevelNames() {
    assertThat(Values.account("bob@corp.local", "-")).containsExactly("bob", "corp.local");
    assertThat(Values.account("bob@corp.local", "CORP")).containsExactly("bob", "CORP");
    assertThat(Values.account("CORP\\bob", null)).containsExactly("bob", "CORP");
    assertThat(Values.account("-", "CORP")).containsExactly(null, "CORP");
    assertThat(Values.account("bob", "")).containsExactly("bob", null);
  }

  @Test
  void portsAreZeroTo65535() {
    assertThat(Values.port("0")).isZero();
    assertThat(Values.port("65535")).isEqualTo(65535);
    assertThat(Values.port("65536")).isNull();
    assertThat(Values.port("-")).isNull();
    assertThat(Values.port("8o")).isNull();
  }
}
