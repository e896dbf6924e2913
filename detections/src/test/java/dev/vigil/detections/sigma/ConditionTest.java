package dev.vigil.detections.sigma;

import static dev.vigil.detections.sigma.Sigma.matches;
import static dev.vigil.detections.sigma.Sigma.win;
import static dev.vigil.detections.sigma.Sigma.windows;
import static dev.vigil.detections.sigma.Sigma.windowsFilter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionTest {

  private static final String SELECTIONS =
      """
      sel_a:
        A: 'yes'
      sel_b:
        B: 'yes'
      filter_c:
        C: 'yes'
      _helper:
        D: 'yes'
      """;

  private static String cond(String condition) {
    return windowsFilter(SELECTIONS + "condition: " + condition);
  }

  @Test
  void parsesPrecedenceNotOverAndOverOr() {
    Condition c = ConditionParser.parse("a or not b and c").condition();
    assertThat(c)
        .isEqualTo(
            new Condition.Or(
                List.of(
                    new Condition.Ref("a"),
                    new Condition.And(
                        List.of(
                            new Condition.Not(new Condition.Ref("b")), new Condition.Ref("c"))))));
  }

  @Test
  void andBindsTighterThanOrWhenEvaluated() {
    String f = cond("sel_a or sel_b and filter_c");
    assertThat(matches(f, win("A", "yes"))).isTrue();
    assertThat(matches(f, win("B", "yes"))).isFalse();
    assertThat(matches(f, win("B", "yes", "C", "yes"))).isTrue();
  }

  @Test
  void parenthesesOverridePrecedence() {
    String f = cond("(sel_a or sel_b) and filter_c");
    assertThat(matches(f, win("A", "yes"))).isFalse();
    assertThat(matches(f, win("A", "yes", "C", "yes"))).isTrue();
  }

  @Test
  void notNegatesAndAbsentFieldsStayFalseUnderNot() {
    String f = cond("sel_a and not filter_c");
    assertThat(matches(f, win("A", "yes"))).isTrue();
    assertThat(matches(f, win("A", "yes", "C", "YES"))).isFalse();
  }

  @Test
  void oneOfAndAllOfPatterns() {
    String one = cond("1 of sel_*");
    assertThat(matches(one, win("B", "yes"))).isTrue();
    assertThat(matches(one, win("C", "yes"))).isFalse();
    String all = cond("all of sel_*");
    assertThat(matches(all, win("A", "yes"))).isFalse();
    assertThat(matches(all, win("A", "yes", "B", "yes"))).isTrue();
  }

  @Test
  void themCoversEverySelectionButUnderscoreOnes() {
    String one = cond("1 of them");
    assertThat(matches(one, win("C", "yes"))).isTrue();
    assertThat(matches(one, win("D", "yes"))).isFalse();
    String all = cond("all of them");
    assertThat(matches(all, win("A", "yes", "B", "yes", "C", "yes"))).isTrue();
    assertThat(matches(all, win("A", "yes", "B", "yes"))).isFalse();
  }

  @Test
  void keywordsAreCaseInsensitive() {
    String f = cond("sel_a AND NOT filter_c");
    assertThat(matches(f, win("A", "yes"))).isTrue();
  }

  @Test
  void reportsUnknownSelectionsAndBadSyntaxAtTheCondition() {
    for (String bad :
        List.of(
            "sel_a and missing",
            "sel_a and",
            "(sel_a",
            "2 of sel_*",
            "1 of nomatch*",
            "sel_a sel_b")) {
      Translation t = Sigma.translate(windows(SELECTIONS + "condition: " + bad));
      assertThat(Sigma.pointers(t)).as(bad).containsExactly("/detection/condition");
    }
  }

  @Test
  void rejectsNearAndSeveralConditions() {
    assertThatThrownBy(() -> ConditionParser.parse("sel_a | near sel_b"))
        .hasMessageContaining("near");
    Translation t = Sigma.translate(windows(SELECTIONS + "condition:\n  - sel_a\n  - sel_b"));
    assertThat(Sigma.pointers(t)).containsExactly("/detection/condition");
    String single = Sigma.filter(windows(SELECTIONS + "condition:\n  - sel_a"));
    assertThat(matches(single, win("A", "yes"))).isTrue();
  }
}
