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

  /** A handler of {@code name} reading {@code with} as {@code type} and running {@code body}. */
  static <I> ActionHandler<I> of(
      String name, Class<I> type, java.util.function.BiFunction<I, ActionContext, Object> body) {
    return new ActionHandler<>() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Class<I> input() {
        return type;
      }

      @Override
      public Object execute(I input, ActionContext context) {
        return body.apply(input, context);
      }
    };
  }
}
