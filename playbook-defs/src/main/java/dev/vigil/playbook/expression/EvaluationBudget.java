package dev.vigil.playbook.expression;

import dev.cel.common.ast.CelExpr;
import dev.cel.common.values.CelByteString;
import dev.cel.runtime.CelEvaluationListener;
import dev.vigil.playbook.limits.LimitExceededException;
import dev.vigil.playbook.limits.Limits;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CancellationException;

/**
 * Watches one evaluation: CEL calls it after every sub-expression with the value it produced. It
 * charges the work done against {@link Limits#MAX_EVALUATION_COST}, refuses strings, lists and maps
 * larger than the limits as soon as they exist (so no later step can multiply them), and stops when
 * the thread is interrupted. Tripping is sticky: CEL absorbs some errors ({@code true || error}),
 * so once a limit is hit every later callback fails too and {@link #verdict()} reports it even when
 * CEL produced a value. Not thread-safe; one per evaluation.
 */
final class EvaluationBudget implements CelEvaluationListener {

  /** Names CEL gives the accumulator of a comprehension, which grows with every iteration. */
  private static final String ACCU = "__result__";

  private static final String HIDDEN_ACCU = "@result";

  private long cost;
  private RuntimeException tripped;

  @Override
  public void callback(CelExpr expr, Object value) {
    if (tripped != null) {
      throw new LimitSignal(tripped);
    }
    if (Thread.currentThread().isInterrupted()) {
      throw trip(new CancellationException("expression evaluation interrupted"));
    }
    cost += 1 + charge(expr, value);
    if (cost > Limits.MAX_EVALUATION_COST) {
      throw trip(
          new LimitExceededException(
              "MAX_EVALUATION_COST",
              "evaluation exceeds its budget of "
                  + Limits.MAX_EVALUATION_COST
                  + " steps (each sub-expression is a step; large strings and lists cost more)"));
    }
  }

  /** The failure that stopped the evaluation, if any. */
  RuntimeException verdict() {
    return tripped;
  }

  private LimitSignal trip(RuntimeException e) {
    tripped = e;
    return new LimitSignal(e);
  }

  /** Cost beyond the node itself, checking sizes on the way. */
  private long charge(CelExpr expr, Object value) {
    if (value instanceof String s) {
      checkLength(s.length(), "string");
      return s.length() >> 4;
    }
    if (value instanceof CelByteString b) {
      checkLength(b.size(), "byte string");
      return b.size() >> 4;
    }
    int size;
    if (value instanceof Collection<?> c) {
      size = c.size();
    } else if (value instanceof Map<?, ?> m) {
      size = m.size();
    } else {
      return 0;
    }
    if (size > Limits.MAX_RESULT_ELEMENTS) {
      throw trip(
          new LimitExceededException(
              "MAX_RESULT_ELEMENTS",
              "a list or map has more than " + Limits.MAX_RESULT_ELEMENTS + " elements"));
    }
    // Reading a collection from a variable is what lets a loop scan it again on every iteration;
    // building one is already paid for by the iterations, and the accumulator a comprehension
    // grows would otherwise be charged quadratically.
    return readsVariable(expr) ? size : 0;
  }

  private void checkLength(int length, String what) {
    if (length > Limits.MAX_STRING_LENGTH) {
      throw trip(
          new LimitExceededException(
              "MAX_STRING_LENGTH",
              "a "
                  + what
                  + " is longer than "
                  + Limits.MAX_STRING_LENGTH
                  + " characters ("
                  + Limits.formatBytes(Limits.MAX_STRING_LENGTH)
                  + ")"));
    }
  }

  private static boolean readsVariable(CelExpr expr) {
    return switch (expr.exprKind().getKind()) {
      case IDENT -> !expr.ident().name().equals(ACCU) && !expr.ident().name().equals(HIDDEN_ACCU);
      case SELECT -> true;
      case CALL -> expr.call().function().equals("_[_]");
      default -> false;
    };
  }
}
