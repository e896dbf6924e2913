package dev.vigil.playbook.expression;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelErrorCode;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.CelByteString;
import dev.cel.common.values.NullValue;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.vigil.playbook.json.Json;
import dev.vigil.playbook.limits.JsonSize;
import dev.vigil.playbook.limits.LimitExceededException;
import dev.vigil.playbook.limits.Limits;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The expression engine: compiles CEL inside {@code ${{ … }}} templates once (cached by source and
 * scope) and evaluates them against plain Java values. CEL has no I/O, clock or randomness, so an
 * evaluation is a pure function of its inputs and safe inside workflow code; the cache only
 * memoises that function.
 */
public final class Expressions {

  private static final int CACHE_LIMIT = 20_000;

  /** RE2 program size of a {@code matches} pattern; far above any pattern a playbook needs. */
  private static final int MAX_REGEX_PROGRAM_SIZE = 10_000;

  /** CEL's own bounds: expression size and nesting when parsing, iterations when evaluating. */
  static final CelOptions OPTIONS =
      CelOptions.current()
          .maxExpressionCodePointSize(Limits.MAX_EXPRESSION_LENGTH)
          .maxParseRecursionDepth(Limits.MAX_EXPRESSION_NESTING)
          .comprehensionMaxIterations(Limits.MAX_COMPREHENSION_ITERATIONS)
          .maxRegexProgramSize(MAX_REGEX_PROGRAM_SIZE)
          .build();

  private static final CelRuntime RUNTIME =
      CelRuntimeFactory.standardCelRuntimeBuilder()
          .setOptions(OPTIONS)
          .addLibraries(
              CelExtensions.strings(BoundedStrings.CEL_BOUND), CelExtensions.math(OPTIONS))
          .addFunctionBindings(BoundedStrings.bindings())
          .build();
  private static final Map<Scope, CelCompiler> COMPILERS = new ConcurrentHashMap<>();
  private static final Map<Key, CompiledExpression> CACHE = new ConcurrentHashMap<>();

  private record Key(String source, Scope scope) {}

  private Expressions() {}

  /** Compiles one CEL expression (without the braces); throws {@link ExpressionException}. */
  public static CompiledExpression compile(String source, Scope scope) {
    Key key = new Key(source, scope);
    CompiledExpression hit = CACHE.get(key);
    if (hit != null) {
      return hit;
    }
    CompiledExpression compiled = doCompile(source, scope);
    if (CACHE.size() >= CACHE_LIMIT) {
      CACHE.clear();
    }
    CACHE.put(key, compiled);
    return compiled;
  }

  private static CompiledExpression doCompile(String source, Scope scope) {
    int length = source.codePointCount(0, source.length());
    if (length > Limits.MAX_EXPRESSION_LENGTH) {
      throw new ExpressionException(
          source,
          new LimitExceededException(
              "MAX_EXPRESSION_LENGTH",
              "expression is "
                  + length
                  + " characters long; the limit is "
                  + Limits.MAX_EXPRESSION_LENGTH));
    }
    CelCompiler compiler = COMPILERS.computeIfAbsent(scope, Expressions::compilerFor);
    CelAbstractSyntaxTree ast;
    try {
      ast = compiler.compile(source).getAst();
    } catch (CelValidationException e) {
      throw new ExpressionException(source, firstLine(e));
    }
    try {
      return new CompiledExpression(source, ast, RUNTIME.createProgram(ast), stepRefs(ast));
    } catch (CelEvaluationException e) {
      throw new ExpressionException(source, e.getMessage());
    }
  }

  private static CelCompiler compilerFor(Scope scope) {
    CelCompilerBuilder b =
        CelCompilerFactory.standardCelCompilerBuilder()
            .setOptions(OPTIONS)
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addLibraries(CelExtensions.strings(), CelExtensions.math(OPTIONS));
    for (String ctx : Scope.CONTEXTS) {
      b.addVar(ctx, MapType.create(SimpleType.STRING, SimpleType.DYN));
    }
    for (String local : scope.locals()) {
      b.addVar(local, local.equals(Scope.INDEX) ? SimpleType.INT : SimpleType.DYN);
    }
    return b.build();
  }

  /** Parses and compiles every expression of a template; returns them in order. */
  public static List<CompiledExpression> compileTemplate(String text, Scope scope) {
    List<CompiledExpression> out = new ArrayList<>();
    for (String e : Template.parse(text).expressions()) {
      out.add(compile(e, scope));
    }
    return out;
  }

  /**
   * Evaluates a string: a whole-string expression yields its typed value, mixed text yields the
   * interpolated string, text without {@code ${{} is returned as is.
   */
  public static Object evaluate(String text, Scope scope, Map<String, Object> variables) {
    if (!Template.isTemplate(text)) {
      return text;
    }
    Template t = Template.parse(text);
    if (t.isWhole()) {
      return eval(t.expressions().get(0), scope, variables);
    }
    StringBuilder sb = new StringBuilder();
    for (Template.Part p : t.parts()) {
      sb.append(p.isExpression() ? toText(eval(p.expression(), scope, variables)) : p.literal());
      if (sb.length() > Limits.MAX_RESULT_BYTES) {
        throw new ExpressionException(
            text,
            new LimitExceededException(
                "MAX_RESULT_BYTES",
                "interpolated text exceeds " + Limits.formatBytes(Limits.MAX_RESULT_BYTES)));
      }
    }
    return sb.toString();
  }

  /** Resolves every template inside a JSON-like value (maps, lists, strings). */
  public static Object resolve(Object value, Scope scope, Map<String, Object> variables) {
    if (value instanceof String s) {
      return evaluate(s, scope, variables);
    }
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), resolve(v, scope, variables)));
      return out;
    }
    if (value instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      l.forEach(v -> out.add(resolve(v, scope, variables)));
      return out;
    }
    return value;
  }

  /** Evaluates a template that must yield a boolean (guards, {@code if}). */
  public static boolean test(String text, Scope scope, Map<String, Object> variables) {
    Object v = evaluate(text, scope, variables);
    if (v instanceof Boolean b) {
      return b;
    }
    throw new ExpressionException(
        text, "must evaluate to a boolean but gave " + (v == null ? "null" : typeName(v)));
  }

  /**
   * Converts variables to CEL values once, for evaluating many expressions over the same values
   * with {@link #testPrepared} (detection rules over one event).
   */
  public static Map<String, Object> prepare(Map<String, Object> variables) {
    Map<String, Object> out = new LinkedHashMap<>();
    variables.forEach((k, v) -> out.put(k, toCel(v)));
    return out;
  }

  /**
   * Evaluates one bare boolean CEL expression (no braces) over {@link #prepare prepared} variables.
   * Faster than {@link #test}: no per-call conversion, and the result is a boolean so there is
   * nothing to measure; CEL's own iteration bound and the bounded string functions still apply.
   *
   * @throws ExpressionException when the expression fails or does not yield a boolean
   */
  public static boolean testPrepared(String source, Scope scope, Map<String, Object> prepared) {
    CompiledExpression c = compile(source, scope);
    Object v;
    try {
      v = c.program().eval(prepared);
    } catch (CelEvaluationException e) {
      if (e.getErrorCode() == CelErrorCode.ITERATION_BUDGET_EXCEEDED) {
        throw new ExpressionException(
            source,
            new LimitExceededException(
                "MAX_COMPREHENSION_ITERATIONS",
                "evaluation exceeds " + Limits.MAX_COMPREHENSION_ITERATIONS + " iterations"));
      }
      throw new ExpressionException(source, e.getMessage());
    }
    if (v instanceof Boolean b) {
      return b;
    }
    throw new ExpressionException(
        source, "must evaluate to a boolean but gave " + typeName(fromCel(v)));
  }

  /** Evaluates one bare CEL expression (no braces). */
  public static Object evaluateExpression(
      String source, Scope scope, Map<String, Object> variables) {
    return eval(source, scope, variables);
  }

  /**
   * Evaluates within the {@link Limits}: CEL counts comprehension iterations, {@link
   * EvaluationBudget} the work and the sizes of what is built, and the result is measured before it
   * is copied out. A limit fails with an {@link ExpressionException} whose cause is the {@link
   * LimitExceededException}; an interrupted thread stops the evaluation with a {@link
   * CancellationException} (the interrupt flag stays set), which is not an expression failure.
   */
  private static Object eval(String source, Scope scope, Map<String, Object> variables) {
    CompiledExpression c = compile(source, scope);
    EvaluationBudget budget = new EvaluationBudget();
    Object raw;
    try {
      raw = c.program().trace(name -> Optional.ofNullable(toCel(variables.get(name))), budget);
    } catch (CelEvaluationException e) {
      throw failure(source, budget, e);
    }
    if (budget.verdict() != null) {
      throw failure(source, budget, null);
    }
    JsonSize size = JsonSize.measure(raw, Limits.MAX_RESULT_BYTES, Limits.MAX_RESULT_ELEMENTS);
    if (size.elements() > Limits.MAX_RESULT_ELEMENTS) {
      throw new ExpressionException(
          source,
          new LimitExceededException(
              "MAX_RESULT_ELEMENTS",
              "result has more than " + Limits.MAX_RESULT_ELEMENTS + " elements"));
    }
    if (size.bytes() > Limits.MAX_RESULT_BYTES) {
      throw new ExpressionException(
          source,
          new LimitExceededException(
              "MAX_RESULT_BYTES",
              "result exceeds " + Limits.formatBytes(Limits.MAX_RESULT_BYTES) + " as JSON"));
    }
    return fromCel(raw);
  }

  private static RuntimeException failure(
      String source, EvaluationBudget budget, CelEvaluationException e) {
    RuntimeException reason = budget.verdict();
    for (Throwable t = e; reason == null && t != null; t = t.getCause()) {
      if (t instanceof LimitSignal s) {
        reason = s.reason();
      }
    }
    if (reason instanceof CancellationException cancelled) {
      return cancelled;
    }
    if (reason instanceof LimitExceededException limit) {
      return new ExpressionException(source, limit);
    }
    if (e == null) {
      throw new IllegalStateException("no failure to report", reason);
    }
    if (e.getErrorCode() == CelErrorCode.ITERATION_BUDGET_EXCEEDED) {
      return new ExpressionException(
          source,
          new LimitExceededException(
              "MAX_COMPREHENSION_ITERATIONS",
              "evaluation exceeds "
                  + Limits.MAX_COMPREHENSION_ITERATIONS
                  + " comprehension iterations (all, exists, map, filter; nested ones multiply)"));
    }
    return new ExpressionException(source, e.getMessage());
  }

  /** Plain Java value → CEL value (nulls become CEL null, integers Long). */
  static Object toCel(Object v) {
    if (v == null) {
      return NullValue.NULL_VALUE;
    }
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, x) -> out.put(String.valueOf(k), toCel(x)));
      return out;
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      l.forEach(x -> out.add(toCel(x)));
      return out;
    }
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof Float f) {
      return f.doubleValue();
    }
    return v;
  }

  /** CEL value → plain Java value, JSON-friendly. */
  static Object fromCel(Object v) {
    if (v == null || v instanceof NullValue || v instanceof com.google.protobuf.NullValue) {
      return null;
    }
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, x) -> out.put(String.valueOf(fromCel(k)), fromCel(x)));
      return out;
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      l.forEach(x -> out.add(fromCel(x)));
      return out;
    }
    if (v instanceof CelByteString b) {
      return Base64.getEncoder().encodeToString(b.toByteArray());
    }
    if (v instanceof com.google.common.primitives.UnsignedLong u) {
      return u.longValue();
    }
    if (v instanceof Duration || v instanceof Instant) {
      return v.toString();
    }
    return Json.normalize(v);
  }

  /** The text form used when interpolating: strings as is, other values as JSON. */
  public static String toText(Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof String s) {
      return s;
    }
    if (v instanceof Map || v instanceof List) {
      return Json.write(v);
    }
    return String.valueOf(v);
  }

  public static String typeName(Object v) {
    if (v instanceof Map) {
      return "map";
    }
    if (v instanceof List) {
      return "list";
    }
    if (v instanceof String) {
      return "string";
    }
    if (v instanceof Long) {
      return "int";
    }
    if (v instanceof Double) {
      return "double";
    }
    if (v instanceof Boolean) {
      return "bool";
    }
    return v.getClass().getSimpleName();
  }

  /** step id → attributes read ("output", "status", …; "" when the whole entry is used). */
  private static Map<String, Set<String>> stepRefs(CelAbstractSyntaxTree ast) {
    Map<String, Set<String>> refs = new LinkedHashMap<>();
    CelNavigableAst.fromAst(ast)
        .getRoot()
        .allNodes()
        .forEach(
            n -> {
              CelExpr e = n.expr();
              String id = null;
              if (n.getKind() == CelExpr.ExprKind.Kind.SELECT
                  && isStepsIdent(e.select().operand())) {
                id = e.select().field();
              } else if (n.getKind() == CelExpr.ExprKind.Kind.CALL
                  && e.call().function().equals("_[_]")
                  && e.call().args().size() == 2
                  && isStepsIdent(e.call().args().get(0))
                  && e.call().args().get(1).exprKind().getKind() == CelExpr.ExprKind.Kind.CONSTANT
                  && e.call().args().get(1).constant().getKind() == CelConstant.Kind.STRING_VALUE) {
                id = e.call().args().get(1).constant().stringValue();
              }
              if (id != null) {
                String attribute =
                    n.parent()
                        .filter(p -> p.getKind() == CelExpr.ExprKind.Kind.SELECT)
                        .map(p -> p.expr().select().field())
                        .orElse("");
                refs.computeIfAbsent(id, k -> new LinkedHashSet<>()).add(attribute);
              }
            });
    Map<String, Set<String>> out = new LinkedHashMap<>();
    refs.forEach((k, v) -> out.put(k, Set.copyOf(v)));
    return java.util.Collections.unmodifiableMap(out);
  }

  private static boolean isStepsIdent(CelExpr e) {
    return e.exprKind().getKind() == CelExpr.ExprKind.Kind.IDENT
        && e.ident().name().equals("steps");
  }

  private static String firstLine(CelValidationException e) {
    if (!e.getErrors().isEmpty()) {
      return e.getErrors().get(0).getMessage();
    }
    String m = e.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
