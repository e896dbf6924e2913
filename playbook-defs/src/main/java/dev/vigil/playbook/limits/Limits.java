package dev.vigil.playbook.limits;

/**
 * Every cost limit of the playbook language, in one place: what a definition may contain, how much
 * work one expression evaluation may do, and how large the values a run carries may be. The
 * validator and {@code Expressions} enforce the first two groups themselves; the engine and the API
 * enforce the run limits by calling the {@code check…} methods here, so that all of them measure
 * and word a limit the same way. docs/playbooks.md ("Limits") lists them for users.
 *
 * <p>Sizes of values are measured as their JSON text in UTF-8 ({@link #jsonBytes}), which is what a
 * step output or run input costs in Temporal history and in the database.
 */
public final class Limits {

  public static final int KIB = 1024;
  public static final int MIB = 1024 * KIB;

  // ---- definitions (PlaybookValidator, Json) ----

  /** Largest definition, as UTF-8 JSON text. */
  public static final int MAX_DEFINITION_BYTES = MIB;

  /**
   * Deepest nesting of JSON arrays and objects that {@code Json} parses (Jackson's
   * StreamReadConstraints). Steps nested {@link #MAX_STEP_DEPTH} deep use about three levels each.
   */
  public static final int MAX_JSON_DEPTH = 256;

  /** Deepest nesting of steps (then/else, cases, do, parallel branches, onError handlers). */
  public static final int MAX_STEP_DEPTH = 32;

  /** Most steps in one definition, nested ones and onError handlers included. */
  public static final int MAX_STEPS = 1000;

  /** Most branches of one {@code parallel} step (also the schema's maxItems). */
  public static final int MAX_PARALLEL_BRANCHES = 32;

  /** Highest {@code concurrency} of a {@code forEach} (also the schema's maximum). */
  public static final int MAX_FOR_EACH_CONCURRENCY = 100;

  // ---- one expression evaluation (Expressions) ----

  /** Longest expression, in code points, between {@code ${{} and {@code }}}. */
  public static final int MAX_EXPRESSION_LENGTH = 4096;

  /** Deepest nesting inside one expression (CEL's parse recursion depth). */
  public static final int MAX_EXPRESSION_NESTING = 64;

  /**
   * Iterations of all comprehensions ({@code all}, {@code exists}, {@code map}, {@code filter}, …)
   * of one evaluation together, nested ones multiplied out (CEL's comprehensionMaxIterations).
   */
  public static final int MAX_COMPREHENSION_ITERATIONS = 200_000;

  /**
   * Work budget of one evaluation: each evaluated sub-expression costs 1, plus 1 per 16 characters
   * of a string it yields and 1 per element of a list or map it reads from a variable (which a loop
   * body may scan again on every iteration). Bounds the time of an evaluation, about a second at
   * worst, whatever its loops do with large values.
   */
  public static final long MAX_EVALUATION_COST = 5_000_000;

  /** Longest string (in UTF-16 characters) or byte string an evaluation may build. */
  public static final int MAX_STRING_LENGTH = MIB;

  /** Most elements of a list or map an evaluation may build; also of a whole result, deep. */
  public static final int MAX_RESULT_ELEMENTS = 100_000;

  /** Largest result of one evaluation (or interpolated template), as JSON. */
  public static final int MAX_RESULT_BYTES = MIB;

  // ---- runs (the engine and the API call the check methods) ----

  /** Most items a {@code forEach} may iterate over. */
  public static final int MAX_LOOP_ITEMS = 100_000;

  /** Largest output of one step, as JSON. */
  public static final int MAX_STEP_OUTPUT_BYTES = 256 * KIB;

  /** Largest resolved input ({@code with}) of one step, as JSON. */
  public static final int MAX_STEP_INPUT_BYTES = 256 * KIB;

  /** Largest inputs of a run, as JSON. */
  public static final int MAX_RUN_INPUT_BYTES = 256 * KIB;

  private Limits() {}

  /** Fails when a step's output is larger than {@link #MAX_STEP_OUTPUT_BYTES}. */
  public static void checkStepOutput(Object output) {
    checkJsonSize("step output", output, MAX_STEP_OUTPUT_BYTES, "MAX_STEP_OUTPUT_BYTES");
  }

  /** Fails when a step's resolved {@code with} is larger than {@link #MAX_STEP_INPUT_BYTES}. */
  public static void checkStepInput(Object input) {
    checkJsonSize("step input", input, MAX_STEP_INPUT_BYTES, "MAX_STEP_INPUT_BYTES");
  }

  /** Fails when a run's inputs are larger than {@link #MAX_RUN_INPUT_BYTES}. */
  public static void checkRunInputs(Object inputs) {
    checkJsonSize("run inputs", inputs, MAX_RUN_INPUT_BYTES, "MAX_RUN_INPUT_BYTES");
  }

  /** Fails when a {@code forEach} would iterate over more than {@link #MAX_LOOP_ITEMS} items. */
  public static void checkLoopItems(long count) {
    if (count > MAX_LOOP_ITEMS) {
      throw new LimitExceededException(
          "MAX_LOOP_ITEMS",
          "forEach over " + count + " items exceeds the limit of " + MAX_LOOP_ITEMS + " items");
    }
  }

  /**
   * Fails with "{@code what} exceeds {@code <size>}" ("exceed" after a plural) when {@code value}
   * is larger than {@code maxBytes} as JSON.
   *
   * @param limit the name of the constant, reported by {@link LimitExceededException#limit()}
   */
  public static void checkJsonSize(String what, Object value, long maxBytes, String limit) {
    if (jsonBytes(value, maxBytes) > maxBytes) {
      String verb = what.endsWith("s") ? " exceed " : " exceeds ";
      throw new LimitExceededException(limit, what + verb + formatBytes(maxBytes));
    }
  }

  /**
   * The size in bytes of {@code value}'s compact JSON text in UTF-8, for the plain values of {@code
   * Json.normalize} (maps, lists, strings, numbers, booleans, null) and Jackson trees. Other
   * objects count as 16 bytes. Stops as soon as the size passes {@code stopAfter} and then returns
   * some size above it, so the cost is bounded by {@code stopAfter} rather than by the value; it
   * does not recurse, so deep values are safe.
   */
  public static long jsonBytes(Object value, long stopAfter) {
    return JsonSize.measure(value, stopAfter, Long.MAX_VALUE).bytes();
  }

  /** "256 KiB", "1 MiB", "100 bytes". */
  public static String formatBytes(long bytes) {
    if (bytes >= MIB && bytes % MIB == 0) {
      return bytes / MIB + " MiB";
    }
    if (bytes >= KIB && bytes % KIB == 0) {
      return bytes / KIB + " KiB";
    }
    return bytes + " bytes";
  }
}
