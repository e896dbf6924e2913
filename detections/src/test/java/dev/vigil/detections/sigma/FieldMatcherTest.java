package dev.vigil.detections.sigma;

import static dev.vigil.detections.sigma.Sigma.matches;
import static dev.vigil.detections.sigma.Sigma.win;
import static dev.vigil.detections.sigma.Sigma.windowsFilter;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldMatcherTest {

  @Test
  void mapIsAndOfFieldsAndMatchingIgnoresCase() {
    String f =
        windowsFilter(
            """
            selection:
              TargetUserName: Admin
              LogonType: 10
            condition: selection""");
    assertThat(matches(f, win("TargetUserName", "ADMIN", "LogonType", "10"))).isTrue();
    assertThat(matches(f, win("TargetUserName", "admin", "LogonType", 10L))).isTrue();
    assertThat(matches(f, win("TargetUserName", "admin", "LogonType", "3"))).isFalse();
    assertThat(matches(f, win("TargetUserName", "administrator", "LogonType", "10"))).isFalse();
  }

  @Test
  void absentNullAndWrongTypedFieldsAreFalseNotErrors() {
    String f =
        windowsFilter(
            """
            selection:
              TargetUserName|contains: adm
              EventID: 4625
              IpAddress|cidr: 10.0.0.0/8
            condition: selection""");
    assertThat(matches(f, win())).isFalse();
    assertThat(matches(f, win("TargetUserName", null, "EventID", null, "IpAddress", null)))
        .isFalse();
    assertThat(matches(f, win("TargetUserName", Map.of("a", 1), "EventID", true, "IpAddress", 7L)))
        .isFalse();
    assertThat(
            matches(f, win("TargetUserName", "xADMx", "EventID", "4625", "IpAddress", "10.1.2.3")))
        .isTrue();
  }

  @Test
  void numbersMatchNumbersAndTheirTextAndDigitStringsMatchNumbers() {
    String f = windowsFilter("selection:\n  EventID: 4625\ncondition: selection");
    assertThat(matches(f, win("EventID", 4625L))).isTrue();
    assertThat(matches(f, win("EventID", "4625"))).isTrue();
    assertThat(matches(f, win("EventID", 4625.0))).isTrue();
    assertThat(matches(f, win("EventID", 4624L))).isFalse();
    String quoted = windowsFilter("selection:\n  EventID: '4625'\ncondition: selection");
    assertThat(matches(quoted, win("EventID", 4625L))).isTrue();
  }

  @Test
  void listOfValuesIsOrAndAllMakesItAnd() {
    String or =
        windowsFilter(
            "selection:\n  Image|endswith:\n    - \\cmd.exe\n    - \\powershell.exe\ncondition: selection");
    assertThat(matches(or, win("Image", "C:\\Windows\\System32\\CMD.EXE"))).isTrue();
    assertThat(matches(or, win("Image", "C:\\x\\PowerShell.exe"))).isTrue();
    assertThat(matches(or, win("Image", "C:\\x\\notepad.exe"))).isFalse();
    String all =
        windowsFilter(
            "selection:\n  CommandLine|contains|all:\n    - ' -enc '\n    - hidden\ncondition: selection");
    assertThat(matches(all, win("CommandLine", "powershell -w HIDDEN -enc AAA"))).isTrue();
    assertThat(matches(all, win("CommandLine", "powershell -enc AAA"))).isFalse();
  }

  @Test
  void listOfMapsIsOr() {
    String f =
        windowsFilter(
            """
            selection:
              - Status: '0xC0000072'
              - SubStatus: '0xC000006F'
            condition: selection""");
    assertThat(matches(f, win("Status", "0xc0000072"))).isTrue();
    assertThat(matches(f, win("SubStatus", "0XC000006F"))).isTrue();
    assertThat(matches(f, win("Status", "0xC000006F"))).isFalse();
  }

  @Test
  void wildcardsAndEscapes() {
    String f = windowsFilter("selection:\n  CommandLine: 'net* user ?dmin'\ncondition: selection");
    assertThat(matches(f, win("CommandLine", "NET.EXE user Admin"))).isTrue();
    assertThat(matches(f, win("CommandLine", "net user admin"))).isTrue();
    assertThat(matches(f, win("CommandLine", "net user aadmin"))).isFalse();
    assertThat(matches(f, win("CommandLine", "xnet user admin"))).isFalse();
    String escaped = windowsFilter("selection:\n  CommandLine: 'a\\*b\\?c'\ncondition: selection");
    assertThat(matches(escaped, win("CommandLine", "A*B?C"))).isTrue();
    assertThat(matches(escaped, win("CommandLine", "axxb?c"))).isFalse();
    String backslash =
        windowsFilter("selection:\n  Image: 'C:\\Windows\\\\*'\ncondition: selection");
    assertThat(matches(backslash, win("Image", "c:\\windows\\x.exe"))).isTrue();
    assertThat(matches(backslash, win("Image", "c:\\program files\\x.exe"))).isFalse();
  }

  @Test
  void regexMetacharactersInValuesAreLiteral() {
    String f = windowsFilter("selection:\n  CommandLine: '(a|b).[x]*'\ncondition: selection");
    assertThat(matches(f, win("CommandLine", "(A|B).[X]zz"))).isTrue();
    assertThat(matches(f, win("CommandLine", "a.xzz"))).isFalse();
    String quote =
        windowsFilter("selection:\n  CommandLine|contains: \"it's\"\ncondition: selection");
    assertThat(matches(quote, win("CommandLine", "IT'S here"))).isTrue();
  }

  @Test
  void nonAsciiValuesFoldCaseThroughRegex() {
    String f = windowsFilter("selection:\n  TargetUserName: 'Jürgen'\ncondition: selection");
    assertThat(matches(f, win("TargetUserName", "JÜRGEN"))).isTrue();
    assertThat(matches(f, win("TargetUserName", "jurgen"))).isFalse();
  }

  @Test
  void startswithEndswithContains() {
    String f =
        windowsFilter(
            """
            a:
              TargetUserName|startswith: adm
            b:
              TargetUserName|endswith: '$'
            c:
              TargetUserName|contains: svc
            condition: a or b or c""");
    assertThat(matches(f, win("TargetUserName", "ADMx"))).isTrue();
    assertThat(matches(f, win("TargetUserName", "host$"))).isTrue();
    assertThat(matches(f, win("TargetUserName", "my-SVC-acct"))).isTrue();
    assertThat(matches(f, win("TargetUserName", "bob"))).isFalse();
  }

  @Test
  void regexIsCaseSensitiveUnlessI() {
    String f = windowsFilter("selection:\n  CommandLine|re: '^net\\s+user'\ncondition: selection");
    assertThat(matches(f, win("CommandLine", "net  user x"))).isTrue();
    assertThat(matches(f, win("CommandLine", "NET user x"))).isFalse();
    String i =
        windowsFilter("selection:\n  CommandLine|re|i: '^net\\s+user'\ncondition: selection");
    assertThat(matches(i, win("CommandLine", "NET user x"))).isTrue();
    String s = windowsFilter("selection:\n  CommandLine|re|s: 'a.b'\ncondition: selection");
    assertThat(matches(s, win("CommandLine", "a\nb"))).isTrue();
    String m = windowsFilter("selection:\n  CommandLine|re|m: '^b$'\ncondition: selection");
    assertThat(matches(m, win("CommandLine", "a\nb\nc"))).isTrue();
  }

  @Test
  void casedComparesExactly() {
    String f = windowsFilter("selection:\n  TargetUserName|cased: Admin\ncondition: selection");
    assertThat(matches(f, win("TargetUserName", "Admin"))).isTrue();
    assertThat(matches(f, win("TargetUserName", "admin"))).isFalse();
  }

  @Test
  void windashMatchesEveryDash() {
    String f =
        windowsFilter("selection:\n  CommandLine|windash|contains: ' -enc '\ncondition: selection");
    for (String dash : new String[] {"-", "/", "\u2013", "\u2014", "\u2015"}) {
      assertThat(matches(f, win("CommandLine", "powershell " + dash + "ENC abc")))
          .as(dash)
          .isTrue();
    }
    assertThat(matches(f, win("CommandLine", "powershell +enc abc"))).isFalse();
    String inner =
        windowsFilter("selection:\n  CommandLine|windash: 'x -a-b'\ncondition: selection");
    assertThat(matches(inner, win("CommandLine", "x /a-b"))).isTrue();
    assertThat(matches(inner, win("CommandLine", "x /a/b")))
        .as("only a dash that starts a word")
        .isFalse();
  }

  @Test
  void existsAndNull() {
    String exists = windowsFilter("selection:\n  ParentImage|exists: true\ncondition: selection");
    assertThat(matches(exists, win("ParentImage", "x"))).isTrue();
    assertThat(matches(exists, win())).isFalse();
    assertThat(matches(exists, win("ParentImage", null))).isFalse();
    String missing = windowsFilter("selection:\n  ParentImage|exists: false\ncondition: selection");
    assertThat(matches(missing, win())).isTrue();
    assertThat(matches(missing, win("ParentImage", "x"))).isFalse();
    String isNull = windowsFilter("selection:\n  ParentImage: null\ncondition: selection");
    assertThat(matches(isNull, win())).isTrue();
    assertThat(matches(isNull, win("ParentImage", null))).isTrue();
    assertThat(matches(isNull, win("ParentImage", ""))).isFalse();
    String any = windowsFilter("selection:\n  ParentImage: '*'\ncondition: selection");
    assertThat(matches(any, win("ParentImage", "x"))).isTrue();
    assertThat(matches(any, win())).isFalse();
  }

  @Test
  void numericComparisons() {
    String f = windowsFilter("selection:\n  LogonType|gte: 10\ncondition: selection");
    assertThat(matches(f, win("LogonType", "10"))).isTrue();
    assertThat(matches(f, win("LogonType", 11L))).isTrue();
    assertThat(matches(f, win("LogonType", 3L))).isFalse();
    assertThat(matches(f, win("LogonType", "ten"))).isFalse();
  }

  @Test
  void base64EncodesTheValue() {
    String f =
        windowsFilter(
            "selection:\n  CommandLine|base64|contains: 'http://example'\ncondition: selection");
    assertThat(matches(f, win("CommandLine", "powershell -e aHR0cDovL2V4YW1wbGU="))).isTrue();
    assertThat(matches(f, win("CommandLine", "powershell -e AHR0CDOVL2V4YW1WBGU="))).isFalse();
  }

  @Test
  void keywordsSearchMessageAndRaw() {
    String f =
        Sigma.filter(
            """
            title: kw
            logsource:
              product: linux
              service: sshd
            detection:
              keywords:
                - 'Corrupted MAC on input'
                - 'bad client public DH value'
              condition: keywords
            """);
    assertThat(matches(f, Sigma.sshd("fatal: corrupted mac on input. [preauth]"))).isTrue();
    assertThat(matches(f, Sigma.sshd("Failed password for root"))).isFalse();
    assertThat(matches(f, Sigma.win("x", "Corrupted MAC on input"))).isFalse();
  }
}
