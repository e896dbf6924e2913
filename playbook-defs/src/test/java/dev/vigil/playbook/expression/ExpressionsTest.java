package dev.vigil.playbook.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExpressionsTest {

  final Map<String, Object> vars = new HashMap<>();

  {
    Map<String, Object> enrich = new HashMap<>();
    enrich.put("output", Map.of("score", 80L, "tags", List.of("tor", "scanner")));
    enrich.put("status", "succeeded");
    enrich.put("outcome", null);
    vars.put("steps", Map.of("enrich", enrich));
    vars.put("inputs", Map.of("src_ip", "203.0.113.9", "n", 3L));
  }

  @Test
  void wholeStringExpressionYieldsTypedValue() {
    assertThat(Expressions.evaluate("${{ steps.enrich.output.score >= 70 }}", Scope.ROOT, vars))
        .isEqualTo(true);
    assertThat(Expressions.evaluate("  ${{ inputs.n * 2 }} ", Scope.ROOT, vars)).isEqualTo(6L);
    assertThat(Expressions.evaluate("${{ steps.enrich.output.tags }}", Scope.ROOT, vars))
        .isEqualTo(List.of("tor", "scanner"));
    assertThat(Expressions.evaluate("${{ {'a': [1, 2.5, null]} }}", Scope.ROOT, vars))
        .isEqualTo(Map.of("a", java.util.Arrays.asList(1L, 2.5, null)));
    assertThat(Expressions.evaluate("${{ steps.enrich.outcome }}", Scope.ROOT, vars)).isNull();
  }

  @Test
  void mixedTextInterpolates() {
    assertThat(
            Expressions.evaluate(
                "Block ${{ inputs.src_ip }} (${{ steps.enrich.output.score }}) ${{ steps.enrich.output.tags }}",
                Scope.ROOT,
                vars))
        .isEqualTo("Block 203.0.113.9 (80) [\"tor\",\"scanner\"]");
    assertThat(Expressions.evaluate("no expressions here", Scope.ROOT, vars))
        .isEqualTo("no expressions here");
  }

  @Test
  void bracesInsideStringLiteralsAndMapLiteralsDoNotCloseTheTemplate() {
    assertThat(Expressions.evaluate("${{ 'a}}b' }}", Scope.ROOT, vars)).isEqualTo("a}}b");
    assertThat(Expressions.evaluate("${{ {'k': {'j': 1}} }}", Scope.ROOT, vars))
        .isEqualTo(Map.of("k", Map.of("j", 1L)));
  }

  @Test
  void compilesOnceAndRecordsStepReferences() {
    CompiledExpression a =
        Expressions.compile("steps.enrich.output.score > steps['other'].status.size()", Scope.ROOT);
    assertThat(
            Expressions.compile(
                "steps.enrich.output.score > steps['other'].status.size()", Scope.ROOT))
        .isSameAs(a);
    assertThat(a.stepRefs())
        .isEqualTo(Map.of("enrich", Set.of("output"), "other", Set.of("status")));
  }

  @Test
  void errorsCarryTheExpression() {
    assertThatThrownBy(() -> Expressions.evaluate("${{ inputs.nope }}", Scope.ROOT, vars))
        .isInstanceOfSatisfying(
            ExpressionException.class,
            e -> {
              assertThat(e.expression()).isEqualTo("inputs.nope");
              assertThat(e.getMessage()).contains("nope");
            });
    assertThatThrownBy(() -> Template.parse("x ${{ a"))
        .isInstanceOf(ExpressionException.class)
        .hasMessageContaining("never closed");
    assertThatThrownBy(() -> Expressions.test("${{ inputs.n }}", Scope.ROOT, vars))
        .hasMessageContaining("must evaluate to a boolean but gave int");
  }

  @Test
  void loopLocalsAreDeclaredPerScope() {
    Map<String, Object> v = new HashMap<>(vars);
    v.put("host", "web-1");
    v.put("index", 4L);
    assertThat(
            Expressions.evaluate(
                "${{ host + '#' + string(index) }}", Scope.ROOT.with("host", Scope.INDEX), v))
        .isEqualTo("web-1#4");
    assertThatThrownBy(() -> Expressions.compile("host", Scope.ROOT))
        .isInstanceOf(ExpressionException.class);
  }

  @Test
  void stringExtensionsAreAvailable() {
    assertThat(Expressions.evaluate("${{ 'a@b.example'.split('@')[1] }}", Scope.ROOT, vars))
        .isEqualTo("b.example");
  }
}
