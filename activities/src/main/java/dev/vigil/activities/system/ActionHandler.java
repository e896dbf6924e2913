package dev.vigil.activities.system;

import java.util.Map;

/** The implementation of one catalog action. */
public interface ActionHandler {

  /** The catalog name this handler implements, e.g. {@code core.echo}. */
  String name();

  /**
   * Runs the action. {@code with} has already been checked against the action's input schema.
   *
   * @throws ActionException with a failure type; the catalog decides whether it is retried
   */
  Object execute(Map<String, Object> with, ActionContext context);
}
