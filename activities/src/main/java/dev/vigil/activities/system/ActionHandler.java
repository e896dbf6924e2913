package dev.vigil.activities.system;

/**
 * The implementation of one catalog action, reading its {@code with} as a typed input record.
 *
 * @param <I> the input record ({@code Map} for free-form input)
 */
public interface ActionHandler<I> {

  /** The catalog name this handler implements, e.g. {@code core.echo}. */
  String name();

  /** The type {@code with} is read into once it passed the action's input schema. */
  Class<I> input();

  /**
   * Runs the action.
   *
   * @throws ActionException with a failure type; the catalog decides whether it is retried
   */
  Object execute(I input, ActionContext context);
}
