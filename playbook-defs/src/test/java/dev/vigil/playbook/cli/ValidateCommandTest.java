package dev.vigil.playbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {

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
    String bad = "src/test/resources/fixtures/invalid/unknown-child.json";
    String good = "src/test/resources/fixtures/valid/minimal.json";
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
    assertThat(run("src/test/resources/fixtures/valid/warnings.json")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains(
            "src/test/resources/fixtures/valid/warnings.json: /outputs/guarded: warning: steps.maybe may not have run");
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
}
