package dev.vigil.playbook.model;

import java.util.List;
import java.util.Map;

/** The kind-specific part of a step. */
public sealed interface StepBody {

  StepKind kind();

  /** Dispatches on the kind; every kind has its method, so callers handle them all. */
  <R> R accept(Visitor<R> v);

  /** One method per step kind (exhaustive dispatch without {@code instanceof} ladders). */
  interface Visitor<R> {
    R action(Action b);

    R ifElse(If b);

    R switchCase(Switch b);

    R forEach(ForEach b);

    R parallel(Parallel b);

    R approval(Approval b);

    R await(Wait b);

    R child(ChildPlaybook b);

    R set(Set b);

    R fail(Fail b);
  }

  /** Calls an action of the catalog. {@code with} holds templated values. */
  record Action(String action, Map<String, Object> with) implements StepBody {
    public StepKind kind() {
      return StepKind.ACTION;
    }

    public <R> R accept(Visitor<R> v) {
      return v.action(this);
    }
  }

  /** Runs {@code then} when the condition holds, {@code otherwise} ({@code else}) when not. */
  record If(String condition, List<Step> then, List<Step> otherwise) implements StepBody {
    public StepKind kind() {
      return StepKind.IF;
    }

    public <R> R accept(Visitor<R> v) {
      return v.ifElse(this);
    }
  }

  /** Picks a case by the string form of {@code value}; {@code defaultCase} when none matches. */
  record Switch(String value, Map<String, List<Step>> cases, List<Step> defaultCase)
      implements StepBody {
    public StepKind kind() {
      return StepKind.SWITCH;
    }

    public <R> R accept(Visitor<R> v) {
      return v.switchCase(this);
    }
  }

  /** Runs {@code body} once per item, at most {@code concurrency} at a time. */
  record ForEach(String items, String as, long concurrency, List<Step> body) implements StepBody {
    public static final String DEFAULT_AS = "item";

    public StepKind kind() {
      return StepKind.FOR_EACH;
    }

    public <R> R accept(Visitor<R> v) {
      return v.forEach(this);
    }
  }

  /** Runs branches concurrently; {@code join} is {@code all} or {@code any}. */
  record Parallel(List<List<Step>> branches, Join join) implements StepBody {
    public StepKind kind() {
      return StepKind.PARALLEL;
    }

    public <R> R accept(Visitor<R> v) {
      return v.parallel(this);
    }
  }

  /** Waits for analysts to decide. */
  record Approval(ApprovalSpec approval) implements StepBody {
    public StepKind kind() {
      return StepKind.APPROVAL;
    }

    public <R> R accept(Visitor<R> v) {
      return v.approval(this);
    }
  }

  /** Sleeps for {@code duration} or until the time {@code until} evaluates to. */
  record Wait(String duration, String until) implements StepBody {
    public StepKind kind() {
      return StepKind.WAIT;
    }

    public <R> R accept(Visitor<R> v) {
      return v.await(this);
    }
  }

  /** Runs another playbook as a child run with {@code with} as its inputs. */
  record ChildPlaybook(String playbook, Long version, Map<String, Object> with)
      implements StepBody {
    public StepKind kind() {
      return StepKind.PLAYBOOK;
    }

    public <R> R accept(Visitor<R> v) {
      return v.child(this);
    }
  }

  /** Sets run variables ({@code vars.<name>}). */
  record Set(Map<String, Object> values) implements StepBody {
    public StepKind kind() {
      return StepKind.SET;
    }

    public <R> R accept(Visitor<R> v) {
      return v.set(this);
    }
  }

  /** Fails the run (or the enclosing error scope) with a templated message. */
  record Fail(String message) implements StepBody {
    public StepKind kind() {
      return StepKind.FAIL;
    }

    public <R> R accept(Visitor<R> v) {
      return v.fail(this);
    }
  }

  /** How a {@code parallel} step finishes. */
  enum Join {
    ALL,
    ANY;

    public String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
