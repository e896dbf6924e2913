package dev.vigil.detections.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {

  /** The playbook fixtures live with the playbook language. */
  static final String FIXTURES = "../playbook-defs/src/test/resources/fixtures/";

  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  int run(String... args) {
    return ValidateCommand.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void printsOneLinePerFindingAndExitsOneOnErrors() {
    String bad = FIXTURES + "invalid/unknown-child.json";
    String good = FIXTURES + "valid/minimal.json";
    assertThat(run(good, bad)).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8).lines().toList())
        .containsExactly(
            bad
                + ": /steps/0/playbook: error: unknown playbook 'no-such-playbook' (publish it first)",
            bad + ": /steps/1/playbook: error: a playbook cannot run itself as a child");
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("2 file(s): 2 error(s), 0 warning(s)");
  }

  @Test
  void warningsAloneExitZero() {
    assertThat(run(FIXTURES + "valid/warnings.json")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains(
            FIXTURES
                + "valid/warnings.json: /outputs/guarded: warning: steps.maybe may not have run");
  }

  @Test
  void childPlaybooksResolveAgainstTheOtherFilesGiven(@TempDir Path dir) throws Exception {
    Path child = dir.resolve("child.json");
    Path parent = dir.resolve("parent.json");
    Files.writeString(
        child,
        "{\"key\": \"my-child\", \"title\": \"c\", \"steps\": [{\"id\": \"a\", \"action\": \"core.log\", \"with\": {\"message\": \"x\"}}]}");
    Files.writeString(
        parent,
        "{\"key\": \"my-parent\", \"title\": \"p\", \"steps\": [{\"id\": \"c\", \"playbook\": \"my-child\", \"with\": {}}]}");
    assertThat(run(parent.toString(), child.toString())).isZero();
    assertThat(run(parent.toString())).isEqualTo(1);
  }

  @Test
  void unreadableFileAndNoArgumentsAreReported() {
    assertThat(run("does/not/exist.json")).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .startsWith("does/not/exist.json: /: error: cannot read file");
    assertThat(run()).isEqualTo(2);
  }

  @Test
  void lintsDetectionRulesAndSigmaFilesToo(@TempDir Path dir) throws Exception {
    Path rule = dir.resolve("rule.json");
    Files.writeString(
        rule,
        "{\"key\": \"r1\", \"title\": \"t\", \"kind\": \"threshold\", \"severity\": \"high\","
            + " \"threshold\": {\"count\": 5, \"window\": \"five minutes\"}}");
    Path sigma = dir.resolve("rule.yml");
    Files.writeString(
        sigma,
        "title: T\nlogsource: {product: windows, service: security}\n"
            + "detection: {sel: {CommandLine|base64offset|contains: x}, condition: sel}\n");
    Path goodSigma = dir.resolve("good.yaml");
    Files.writeString(
        goodSigma,
        "title: Failed logons\nlogsource: {product: windows, service: security}\n"
            + "detection: {sel: {EventID: 4625}, condition: sel}\n");
    assertThat(run(rule.toString(), sigma.toString(), goodSigma.toString())).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8).lines().toList())
        .containsExactly(
            rule
                + ": /threshold/window: error: 'five minutes' is not a duration (use e.g. 30s, 5m,"
                + " 2h, 7d, 1h30m or ISO-8601 such as PT30M)",
            sigma
                + ": /detection/sel/CommandLine|base64offset|contains: error: "
                + out.toString(StandardCharsets.UTF_8)
                    .lines()
                    .toList()
                    .get(1)
                    .split(": error: ", 2)[1]);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("3 file(s): 2 error(s)");
    out.reset();
    assertThat(run(goodSigma.toString())).isZero();
  }
}
