package dev.vigil.workflows.playbook.engine;

import dev.vigil.playbook.expression.ExpressionException;
import dev.vigil.playbook.expression.Expressions;
import dev.vigil.playbook.json.Json;
import dev.vigil.workflows.playbook.StepError;
import dev.vigil.workflows.system.FailureTypes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Evaluates a step's templates in its context; a failed expression is a step failure. */
final class Evaluator {

  private final RunContext run;

  Evaluator(RunContext run) {
    this.run = run;
  }

  private Map<String, Object> variables(Ctx ctx) {
    Map<String, Object> v = new LinkedHashMap<>(ctx.allLocals());
    v.put("inputs", run.input.inputs());
    v.put("steps", ctx.visibleSteps());
    v.put("vars", run.vars);
    v.put("trigger", run.input.trigger());
    v.put("run", run.runInfo);
    v.put("incident", Map.of());
    return v;
  }

  Object evaluate(String text, String pointer, Ctx ctx) {
    try {
      return Expressions.evaluate(text, ctx.scope(), variables(ctx));
    } catch (ExpressionException e) {
      throw failure(e, pointer);
    }
  }

  String text(String text, String pointer, Ctx ctx) {
    return Expressions.toText(evaluate(text, pointer, ctx));
  }

  boolean test(String text, String pointer, Ctx ctx) {
    try {
      return Expressions.test(text, ctx.scope(), variables(ctx));
    } catch (ExpressionException e) {
      throw failure(e, pointer);
    }
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> resolveMap(Map<String, Object> value, String pointer, Ctx ctx) {
    return (Map<String, Object>) resolve(value, pointer, ctx, variables(ctx));
  }

  private Object resolve(Object value, String pointer, Ctx ctx, Map<String, Object> variables) {
    if (value instanceof String s) {
      try {
        return Expressions.evaluate(s, ctx.scope(), variables);
      } catch (ExpressionException e) {
        throw failure(e, pointer);
      }
    }
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach(
          (k, v) ->
              out.put(
                  String.valueOf(k),
                  resolve(
                      v, pointer + "/" + Json.pointerToken(String.valueOf(k)), ctx, variables)));
      return out;
    }
    if (value instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (int i = 0; i < l.size(); i++) {
        out.add(resolve(l.get(i), pointer + "/" + i, ctx, variables));
      }
      return out;
    }
    return value;
  }

  private static StepFailure failure(ExpressionException e, String pointer) {
    return new StepFailure(
        new StepError(
            FailureTypes.EXPRESSION_ERROR,
            "expression '" + e.expression() + "' at " + pointer + " failed: " + e.getMessage(),
            pointer,
            e.expression()),
        0);
  }
}
