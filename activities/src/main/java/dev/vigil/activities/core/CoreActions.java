package dev.vigil.activities.core;

import dev.vigil.activities.system.ActionContext;
import dev.vigil.activities.system.ActionException;
import dev.vigil.activities.system.ActionHandler;
import dev.vigil.playbook.expression.ExpressionException;
import dev.vigil.playbook.expression.Expressions;
import dev.vigil.playbook.expression.Scope;
import dev.vigil.playbook.json.Json;
import dev.vigil.workflows.system.FailureTypes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code core.*} actions: log, echo, transform. */
public final class CoreActions {

  private static final Logger playbookLog = LoggerFactory.getLogger("vigil.playbook");

  private CoreActions() {}

  public static List<ActionHandler<?>> all() {
    return List.of(log(), echo(), transform());
  }

  public static ActionHandler<LogInput> log() {
    return new Log();
  }

  @SuppressWarnings("rawtypes")
  public static ActionHandler<Map> echo() {
    return new Echo();
  }

  public static ActionHandler<TransformInput> transform() {
    return new Transform();
  }

  /** Input of {@code core.log}. */
  public record LogInput(String message, String level, Map<String, Object> fields) {}

  /** {@code core.log}: writes the message to the worker log. */
  static final class Log implements ActionHandler<LogInput> {
    @Override
    public String name() {
      return "core.log";
    }

    @Override
    public Class<LogInput> input() {
      return LogInput.class;
    }

    @Override
    public Object execute(LogInput with, ActionContext ctx) {
      String level = with.level() == null ? "info" : with.level();
      String message = with.message();
      Object fields = with.fields();
      String line = fields == null ? message : message + " " + fields;
      switch (level) {
        case "debug" -> playbookLog.debug("{}", line);
        case "warn" -> playbookLog.warn("{}", line);
        case "error" -> playbookLog.error("{}", line);
        default -> playbookLog.info("{}", line);
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("logged", true);
      out.put("level", level);
      out.put("message", message);
      return out;
    }
  }

  /** {@code core.echo}: returns its input. */
  @SuppressWarnings({"rawtypes", "unchecked"})
  static final class Echo implements ActionHandler<Map> {
    @Override
    public String name() {
      return "core.echo";
    }

    @Override
    public Class<Map> input() {
      return Map.class;
    }

    @Override
    public Object execute(Map with, ActionContext ctx) {
      return with;
    }
  }

  /** Input of {@code core.transform}. */
  public record TransformInput(String expression, Object data) {}

  /** {@code core.transform}: evaluates a CEL expression over {@code data}. */
  static final class Transform implements ActionHandler<TransformInput> {
    private static final Scope SCOPE = Scope.ROOT.with("data");

    @Override
    public String name() {
      return "core.transform";
    }

    @Override
    public Class<TransformInput> input() {
      return TransformInput.class;
    }

    @Override
    public Object execute(TransformInput with, ActionContext ctx) {
      String expression = with.expression();
      Map<String, Object> variables = new LinkedHashMap<>();
      variables.put("data", Json.normalize(with.data()));
      try {
        Object value = Expressions.evaluateExpression(expression, SCOPE, variables);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("value", value);
        return out;
      } catch (ExpressionException e) {
        throw new ActionException(
            FailureTypes.EXPRESSION_ERROR,
            "expression '" + expression + "' failed: " + e.getMessage());
      }
    }
  }
}
