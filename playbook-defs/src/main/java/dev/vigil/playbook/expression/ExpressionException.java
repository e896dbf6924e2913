package dev.vigil.playbook.expression;

/** An expression that does not parse, compile or evaluate; carries the expression text. */
public class ExpressionException extends RuntimeException {

  private final String expression;

  public ExpressionException(String expression, String message) {
    super(message);
    this.expression = expression;
  }

  public String expression() {
    return expression;
  }
}
