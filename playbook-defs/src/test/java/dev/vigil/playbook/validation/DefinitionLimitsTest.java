package dev.vigil.playbook.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Definitions too large or too deep are refused with a finding, never a stack overflow. */
@Timeout(value = 60, unit = TimeUnit.SECONDS) // hang guard only
class DefinitionLimitsTest {

  final PlaybookValidator validator = new PlaybookValidator();

  private static String log(String id) {
    return "{\"id\": \"" + id + "\", \"action\": \"core.log\", \"with\": {\"message\": \"m\"}}";
  }

  private static String playbook(String steps) {
    return "{\"key\": \"limits\", \"title\": \"t\", \"steps\": [" + steps + "]}";
  }

  /** A parallel step whose first branch holds the next one, {@code depth} parallels deep. */
  private static String nestedParallel(int depth) {
    String inner = log("leaf");
    for (int i = depth; i > 0; i--) {
      inner = "{\"id\": \"p" + i + "\", \"parallel\": [[" + inner + "], [" + log("b" + i) + "]]}";
    }
    return playbook(inner);
  }

  private List<Finding> errors(String json) {
    ValidationReport report = validator.validate(json);
    assertThat(report.playbook()).isNull();
    return report.errors();
  }

  @Test
  void parallelNested300DeepIsRefusedForItsJsonDepth() {
    List<Finding> errors = errors(nestedParallel(300));

    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).pointer()).startsWith("/steps/0/parallel/0/0/parallel/0/0/");
    assertThat(errors.get(0).message())
        .startsWith("JSON nested deeper than 256 levels (line 1, column ");
    assertThat(errors.get(0).hint()).isEqualTo("steps may nest at most 32 deep");
  }

  @Test
  void tenThousandNestedArraysAreRefusedForTheirJsonDepth() {
    List<Finding> errors = errors("[".repeat(10_000) + "]".repeat(10_000));

    assertThat(errors)
        .singleElement()
        .satisfies(f -> assertThat(f.message()).startsWith("JSON nested deeper than 256 levels"));
  }

  @Test
  void deepTreeBuiltWithoutTheParserIsRefusedAtTheDeepestPointer() {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("key", "limits").put("title", "t");
    ArrayNode deepest = root.putArray("steps");
    for (int i = 0; i < 300; i++) {
      deepest = deepest.addArray();
    }

    List<Finding> errors = validator.validate(root).errors();

    assertThat(errors)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.message()).isEqualTo("JSON nested deeper than 256 levels");
              assertThat(f.pointer()).isEqualTo("/steps" + "/0".repeat(255));
            });
  }

  @Test
  void stepsNestedDeeperThan32AreRefusedAtTheFirstStepTooDeep() {
    List<Finding> errors = errors(nestedParallel(40));

    // p33 and the step beside it in p32's other branch are both one level too deep.
    String p32 = "/steps/0" + "/parallel/0/0".repeat(31);
    assertThat(errors)
        .extracting(Finding::pointer)
        .containsExactly(p32 + "/parallel/0/0", p32 + "/parallel/1/0");
    assertThat(errors).extracting(Finding::message).containsOnly("steps nested more than 32 deep");
  }

  @Test
  void stepsNested32DeepAreAccepted() {
    assertThat(validator.validate(nestedParallel(31)).errors()).isEmpty();
  }

  @Test
  void moreThan1000StepsAreRefusedAtTheFirstOneOver() {
    List<String> steps = new ArrayList<>();
    for (int i = 0; i < 1001; i++) {
      steps.add(log("s" + i));
    }

    List<Finding> errors = errors(playbook(String.join(",", steps)));

    assertThat(errors)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.message()).isEqualTo("more than 1000 steps");
              assertThat(f.pointer()).isEqualTo("/steps/1000");
            });
  }

  @Test
  void definitionLargerThanOneMebibyteIsRefused() {
    String big =
        "{\"id\": \"a\", \"action\": \"core.log\", \"with\": {\"message\": \""
            + "x".repeat(1024 * 1024)
            + "\"}}";

    assertThat(errors(playbook(big)))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.message()).isEqualTo("definition exceeds 1 MiB");
              assertThat(f.pointer()).isEmpty();
            });
  }

  @Test
  void parallelWithMoreThan32BranchesIsRefusedByTheSchema() {
    List<String> branches = new ArrayList<>();
    for (int i = 0; i < 33; i++) {
      branches.add("[" + log("b" + i) + "]");
    }

    List<Finding> errors =
        errors(playbook("{\"id\": \"fan\", \"parallel\": [" + String.join(",", branches) + "]}"));

    assertThat(errors).extracting(Finding::pointer).containsExactly("/steps/0/parallel");
    assertThat(errors.get(0).message()).contains("32");
  }

  @Test
  void forEachConcurrencyAbove100IsRefusedByTheSchema() {
    List<Finding> errors =
        errors(
            playbook(
                "{\"id\": \"each\", \"forEach\": \"${{ inputs.xs }}\", \"concurrency\": 101,"
                    + " \"do\": ["
                    + log("a")
                    + "]}"));

    assertThat(errors).extracting(Finding::pointer).containsExactly("/steps/0/concurrency");
    assertThat(errors.get(0).message()).contains("100");
  }

  @Test
  void expressionLongerThanTheLimitIsAnErrorAtItsPointer() {
    String sum = String.join(" + ", java.util.Collections.nCopies(1_400, "1"));

    List<Finding> errors =
        errors(playbook("{\"id\": \"s\", \"set\": {\"total\": \"${{ " + sum + " }}\"}}"));

    assertThat(errors)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.pointer()).isEqualTo("/steps/0/set/total");
              assertThat(f.message())
                  .isEqualTo("expression is 5597 characters long; the limit is 4096");
            });
  }
}
