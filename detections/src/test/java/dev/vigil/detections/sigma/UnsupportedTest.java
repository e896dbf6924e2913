package dev.vigil.detections.sigma;

import static dev.vigil.detections.sigma.Sigma.windows;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UnsupportedTest {

  private static Translation field(String key, String value) {
    return Sigma.translate(
        windows("selection:\n  " + key + ": " + value + "\ncondition: selection"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "CommandLine|base64offset|contains",
        "CommandLine|expand",
        "CommandLine|wide|base64",
        "CommandLine|fieldref",
        "CommandLine|hour",
        "CommandLine|nosuchmodifier",
        "CommandLine|re|contains",
        "CommandLine|i",
        "CommandLine|contains|startswith",
        "CommandLine|contains|base64"
      })
  void modifierFindingsPointAtTheField(String key) {
    Translation t = field(key, "'x'");
    assertThat(Sigma.pointers(t)).containsExactly("/detection/selection/" + key);
    assertThat(t.ok()).isFalse();
  }

  @Test
  void badValuesPointAtTheField() {
    assertThat(Sigma.pointers(field("CommandLine|re", "'(?=x)a'")))
        .containsExactly("/detection/selection/CommandLine|re");
    assertThat(Sigma.pointers(field("CommandLine|re", "'a('")))
        .containsExactly("/detection/selection/CommandLine|re");
    assertThat(Sigma.pointers(field("ParentImage|exists", "'yes'")))
        .containsExactly("/detection/selection/ParentImage|exists");
    assertThat(Sigma.pointers(field("LogonType|gt", "'ten'")))
        .containsExactly("/detection/selection/LogonType|gt");
    assertThat(Sigma.pointers(field("Image", "[]"))).containsExactly("/detection/selection/Image");
    assertThat(Sigma.pointers(field("Image", "{a: 1}")))
        .containsExactly("/detection/selection/Image");
  }

  @Test
  void pointersEscapeSlashesInKeys() {
    Translation t = field("Path/Name|base64offset", "'x'");
    assertThat(Sigma.pointers(t)).containsExactly("/detection/selection/Path~1Name|base64offset");
  }

  @Test
  void pointersInsideAListOfMapsCarryTheIndex() {
    Translation t =
        Sigma.translate(
            windows("selection:\n  - Image: a\n  - CommandLine|utf16le: b\ncondition: selection"));
    assertThat(Sigma.pointers(t)).containsExactly("/detection/selection/1/CommandLine|utf16le");
  }

  @Test
  void aFailedSelectionIsReportedEvenWhenTheConditionSkipsIt() {
    Translation t =
        Sigma.translate(
            windows("sel:\n  Image: a\nunused:\n  Image|expand: '%x%'\ncondition: sel"));
    assertThat(Sigma.pointers(t)).containsExactly("/detection/unused/Image|expand");
  }

  @Test
  void invalidYamlAndNonRules() {
    assertThat(Sigma.pointers(Sigma.translate("title: [unclosed"))).containsExactly("");
    assertThat(Sigma.pointers(Sigma.translate("- a\n- b"))).containsExactly("");
    assertThat(Sigma.pointers(Sigma.translate("title: x\nlogsource:\n  product: windows\n")))
        .contains("/detection");
  }
}
