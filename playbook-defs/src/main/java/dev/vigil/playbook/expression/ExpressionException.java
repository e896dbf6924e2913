package dev.vigil.playbook.expression;

import dev.vigil.playbook.limits.LimitExceededException;

/** An expression that does not parse, compile or evaluate; carries the expression text. */
public class ExpressionException extends RuntimeException {

  private final String expression;

  public ExpressionException(String expression, String message) {
    super(message);
    this.expression = expression;
  }

  /** A limit was exceeded; its message is this exception's and it is the cause. */
  public ExpressionException(String expression, LimitExceededException limit) {
    super(limit.getMessage(), limit);
    this.expression = expression;
  }

  /** The limit exceeded, when that is why the expression failed. */
  public java.util.Optional<LimitExceededException> limit() {
    return getCause() instanceof LimitExceededException l
        ? java.util.Optional.of(l)
        : java.util.Optional.empty();
  }

  public String expression() {
    return expression;
  }
}
