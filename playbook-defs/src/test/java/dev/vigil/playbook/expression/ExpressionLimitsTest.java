package dev.vigil.playbook.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.playbook.limits.LimitExceededException;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a hostile or careless expression gets: a clear failure naming the limit, never a hang. */
@Timeout(value = 60, unit = TimeUnit.SECONDS) // hang guard only; no test asserts a duration
class ExpressionLimitsTest {

  private static final String TEN = "[1,2,3,4,5,6,7,8,9,10]";

  private final Map<String, Object> vars = new HashMap<>();

  private void input(String name, Object value) {
    @SuppressWarnings("unchecked")
    Map<String, Object> inputs =
        (Map<String, Object>) vars.computeIfAbsent("inputs", k -> new HashMap<String, Object>());
    inputs.put(name, value);
  }

  private Object eval(String expression) {
    return Expressions.evaluate("${{ " + expression + " }}", Scope.ROOT, vars);
  }

  private AbstractThrowableAssert<?, ?> refusal(String expression, String limit) {
    return assertThatThrownBy(() -> eval(expression))
        .isInstanceOf(ExpressionException.class)
        .satisfies(
            e ->
                assertThat(((ExpressionException) e).limit())
                    .map(LimitExceededException::limit)
                    .contains(limit));
  }

  /** {@code TEN.<macro>(a, TEN.<macro>(b, … body …))}, {@code depth} comprehensions deep. */
  private static String nested(String macro, int depth, String body) {
    String e = body;
    for (int i = depth; i > 0; i--) {
      e = TEN + "." + macro + "(v" + i + ", " + e + ")";
    }
    return e;
  }

  private static List<Long> numbers(int n) {
    return LongStream.range(0, n).boxed().toList();
  }

  @Test
  void nestedAllFromTheProbeStopsAtTheIterationLimit() {
    String probe = nested("all", 6, "v6 > 0");
    assertThat(probe.length()).isLessThan(250);

    refusal(probe, "MAX_COMPREHENSION_ITERATIONS")
        .hasMessage(
            "evaluation exceeds 200000 comprehension iterations (all, exists, map, filter;"
                + " nested ones multiply)");
  }

  @Test
  void mapWithTenMillionResultsIsRefused() {
    refusal(nested("map", 7, "v7"), "MAX_COMPREHENSION_ITERATIONS")
        .hasMessageContaining("comprehension iterations");
  }

  @Test
  void listGrownBeyondTheElementLimitIsRefusedAsSoonAsItExists() {
    input("xs", numbers(60_000));

    refusal("size(inputs.xs + inputs.xs)", "MAX_RESULT_ELEMENTS")
        .hasMessage("a list or map has more than 100000 elements");
  }

  @Test
  void resultHoldingOneListManyTimesIsRefusedByItsDeepSize() {
    input("xs", numbers(60_000));

    refusal("[1, 2].map(x, inputs.xs)", "MAX_RESULT_ELEMENTS")
        .hasMessage("result has more than 100000 elements");
  }

  @Test
  void nestedReplaceCannotBuildAHugeString() {
    String e = "'aaaaaaaaaa'";
    for (int i = 0; i < 6; i++) {
      e += ".replace('a', 'aaaaaaaaaa')";
    }

    refusal(e, "MAX_STRING_LENGTH")
        .hasMessage("replace() would build a string longer than 1048576 characters (1 MiB)");
  }

  @Test
  void joinCannotBuildAHugeStringFromManyReferencesToOne() {
    input("s", "x".repeat(100_000));

    refusal("[1,2,3,4,5,6,7,8,9,10,11].map(i, inputs.s).join()", "MAX_STRING_LENGTH")
        .hasMessage("join() would build a string longer than 1048576 characters (1 MiB)");
  }

  @Test
  void concatenationInAComprehensionCannotBuildAHugeString() {
    input("s", "x".repeat(600_000));

    refusal(TEN + ".map(i, inputs.s + inputs.s)", "MAX_STRING_LENGTH")
        .hasMessage("a string is longer than 1048576 characters (1 MiB)");
  }

  @Test
  void resultLargerThanOneMebibyteAsJsonIsRefused() {
    input("s", "x".repeat(600_000));

    refusal("{'a': inputs.s, 'b': inputs.s}", "MAX_RESULT_BYTES")
        .hasMessage("result exceeds 1 MiB as JSON");
  }

  @Test
  void interpolatedTextLargerThanOneMebibyteIsRefused() {
    input("s", "x".repeat(600_000));

    assertThatThrownBy(
            () -> Expressions.evaluate("${{ inputs.s }} and ${{ inputs.s }}", Scope.ROOT, vars))
        .isInstanceOf(ExpressionException.class)
        .hasMessage("interpolated text exceeds 1 MiB");
  }

  @Test
  void scanningALargeStringOnEveryIterationRunsOutOfBudget() {
    input("s", "x".repeat(1_000_000));
    input("xs", numbers(1_000));

    refusal("inputs.xs.all(i, !inputs.s.contains('needle'))", "MAX_EVALUATION_COST")
        .hasMessageStartingWith("evaluation exceeds its budget of 5000000 steps");
  }

  @Test
  void aLimitHitInABranchCelWouldAbsorbStillFailsTheEvaluation() {
    input("s", "x".repeat(1_000_000));
    input("xs", numbers(1_000));

    refusal("inputs.xs.exists(i, inputs.s.contains('needle')) || true", "MAX_EVALUATION_COST");
  }

  @Test
  void interruptedThreadStopsTheEvaluationWithoutAnExpressionFailure() {
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> eval(nested("all", 3, "v3 > 0")))
          .isInstanceOf(CancellationException.class)
          .isNotInstanceOf(ExpressionException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void expressionLongerThanTheLimitDoesNotCompile() {
    String longSum = String.join(" + ", Collections.nCopies(1_400, "1"));

    assertThatThrownBy(() -> Expressions.compile(longSum, Scope.ROOT))
        .isInstanceOf(ExpressionException.class)
        .hasMessage("expression is 5597 characters long; the limit is 4096");
  }

  @Test
  void deeplyNestedExpressionDoesNotCompile() {
    String deep = "(".repeat(200) + "1" + ")".repeat(200);

    assertThatThrownBy(() -> Expressions.compile(deep, Scope.ROOT))
        .isInstanceOf(ExpressionException.class)
        .hasMessageContaining("recursion");
  }

  @Test
  void boundedJoinAndReplaceBehaveAsCelDefinesThem() {
    assertThat(eval("['a', 'b', 'c'].join('-')")).isEqualTo("a-b-c");
    assertThat(eval("['a', 'b'].join()")).isEqualTo("ab");
    assertThat(eval("[].join(',')")).isEqualTo("");
    assertThat(eval("'aXbXc'.replace('X', 'yy')")).isEqualTo("ayybyyc");
    assertThat(eval("'aXbXc'.replace('X', '', 1)")).isEqualTo("abXc");
    assertThat(eval("'aXbXc'.replace('X', 'y', 0)")).isEqualTo("aXbXc");
    assertThat(eval("'aXbXc'.replace('X', 'y', -1)")).isEqualTo("aybyc");
    assertThat(eval("'abc'.replace('', '-')")).isEqualTo("-a-b-c-");
    assertThat(eval("'abc'.replace('', '-', 2)")).isEqualTo("-a-bc");
    assertThat(eval("''.replace('', '-')")).isEqualTo("-");
    assertThat(eval("'aaa'.replace('aa', 'b')")).isEqualTo("ba");
  }

  @Test
  void workWithinTheLimitsStillSucceeds() {
    input("xs", numbers(50_000));
    input("s", "x".repeat(500_000));

    assertThat(eval("inputs.xs.filter(x, x % 2 == 0).map(x, x * 2).size()")).isEqualTo(25_000L);
    assertThat(eval("size(inputs.s + inputs.s)")).isEqualTo(1_000_000L);
    assertThat(eval(nested("all", 4, "v4 > 0"))).isEqualTo(true);
  }
}
