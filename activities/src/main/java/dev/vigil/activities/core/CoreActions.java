package dev.vigil.activities.core;

import dev.vigil.activities.system.ActionContext;
import dev.vigil.activities.system.ActionException;
import dev.vigil.activities.system.ActionHandler;
import dev.vigil.playbook.expression.ExpressionException;
import dev.vigil.playbook.expression.Expressions;
import dev.vigil.playbook.expression.Scope;
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

  public static List<ActionHandler> all() {
    return List.of(new Log(), new Echo(), new Transform());
  }

  /** {@code core.log}: writes the message to the worker log. */
  static final class Log implements ActionHandler {
    @Override
    public String name() {
      return "core.log";
    }

    @Override
    public Object execute(Map<String, Object> with, ActionContext ctx) {
      String level = String.valueOf(with.getOrDefault("level", "info"));
      String message = String.valueOf(with.get("message"));
      Object fields = with.get("fields");
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
  static final class Echo implements ActionHandler {
    @Override
    public String name() {
      return "core.echo";
    }

    @Override
    public Object execute(Map<String, Object> with, ActionContext ctx) {
      return with;
    }
  }

  /** {@code core.transform}: evaluates a CEL expression over {@code data}. */
  static final class Transform implements ActionHandler {
    private static final Scope SCOPE = Scope.ROOT.with("data");

    @Override
    public String name() {
      return "core.transform";
    }

    @Override
    public Object execute(Map<String, Object> with, ActionContext ctx) {
      String expression = String.valueOf(with.get("expression"));
      Map<String, Object> variables = new LinkedHashMap<>();
      variables.put("data", with.get("data"));
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
