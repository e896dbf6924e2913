package dev.vigil.detections.sigma;

import java.util.List;

/** The AST of a Sigma detection condition. */
sealed interface Condition {

  <R> R accept(Visitor<R> v);

  /** A selection by name. */
  record Ref(String name) implements Condition {
    public <R> R accept(Visitor<R> v) {
      return v.ref(this);
    }
  }

  /**
   * {@code 1 of pattern} / {@code all of pattern}; {@code pattern} may end in or contain {@code *};
   * null for {@code them}.
   */
  record Of(boolean all, String pattern) implements Condition {
    public <R> R accept(Visitor<R> v) {
      return v.of(this);
    }
  }

  record Not(Condition operand) implements Condition {
    public <R> R accept(Visitor<R> v) {
      return v.not(this);
    }
  }

  record And(List<Condition> operands) implements Condition {
    public <R> R accept(Visitor<R> v) {
      return v.and(this);
    }
  }

  record Or(List<Condition> operands) implements Condition {
    public <R> R accept(Visitor<R> v) {
      return v.or(this);
    }
  }

  /** Exhaustive dispatch over the node types. */
  interface Visitor<R> {
    R ref(Ref r);

    R of(Of o);

    R not(Not n);

    R and(And a);

    R or(Or o);
  }
}
