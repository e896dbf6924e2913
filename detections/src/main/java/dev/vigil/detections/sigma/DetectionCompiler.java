package dev.vigil.detections.sigma;

import dev.vigil.detections.sigma.FieldMapping.Product;
import dev.vigil.detections.sigma.Modifiers.Modifier;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A Sigma {@code detection} section → one CEL boolean over {@code event}: each selection is
 * compiled (a map is an AND of fields, a list of maps an OR, a list of strings keywords over {@code
 * message} and {@code raw}), then the condition combines them.
 */
final class DetectionCompiler implements Condition.Visitor<String> {

  /** Detection keys that are not selections. */
  private static final Set<String> RESERVED = Set.of("condition", "timeframe");

  private static final List<String> KEYWORD_PATHS = List.of("message", "raw");

  /** The filter (null when it could not be built), the aggregation, the fields it reads. */
  record Compiled(
      String filter, LegacyAggregation aggregation, String timeframe, Set<String> fields) {}

  private final Product product;
  private final Problems problems;
  private final Map<String, String> selections = new LinkedHashMap<>();
  private final Set<String> fields = new LinkedHashSet<>();
  private boolean failed;

  private DetectionCompiler(Product product, Problems problems) {
    this.product = product;
    this.problems = problems;
  }

  static Compiled compile(Object detection, Product product, Problems problems) {
    return new DetectionCompiler(product, problems).run(detection);
  }

  private Compiled run(Object detection) {
    if (!(detection instanceof Map<?, ?> d)) {
      problems.add("/detection", "detection must be a map of selections and a condition");
      return new Compiled(null, null, null, fields);
    }
    for (Map.Entry<?, ?> e : d.entrySet()) {
      String name = String.valueOf(e.getKey());
      if (!RESERVED.contains(name)) {
        selections.put(name, selection(name, e.getValue()));
      }
    }
    Object cond = d.get("condition");
    String pointer = "/detection/condition";
    if (cond instanceof List<?> l) {
      if (l.size() != 1) {
        problems.add(
            pointer,
            "a list of conditions means several rules; translate them one condition at a time");
        return new Compiled(null, null, null, fields);
      }
      cond = l.get(0);
      pointer = "/detection/condition/0";
    }
    if (!(cond instanceof String text)) {
      problems.add(pointer, "the condition must be a string");
      return new Compiled(null, null, null, fields);
    }
    ConditionParser.Parsed parsed;
    try {
      parsed = ConditionParser.parse(text);
    } catch (ConditionParser.ConditionException e) {
      problems.add(pointer, e.getMessage());
      return new Compiled(null, null, null, fields);
    }
    this.conditionPointer = pointer;
    String filter = parsed.condition().accept(this);
    Object timeframe = d.get("timeframe");
    return new Compiled(
        failed ? null : filter,
        parsed.aggregation(),
        timeframe == null ? null : timeframe.toString(),
        fields);
  }

  private String conditionPointer;

  private String selection(String name, Object value) {
    String pointer = Problems.pointer("detection", name);
    if (value instanceof Map<?, ?> m) {
      return fieldMap(m, pointer);
    }
    if (value instanceof List<?> l && !l.isEmpty()) {
      if (l.stream().allMatch(x -> x instanceof Map)) {
        List<String> ors = new ArrayList<>();
        for (int i = 0; i < l.size(); i++) {
          String c = fieldMap((Map<?, ?>) l.get(i), pointer + "/" + i);
          if (c == null) {
            return null;
          }
          ors.add(c);
        }
        return Cel.or(ors);
      }
      if (l.stream().noneMatch(x -> x instanceof Map || x instanceof List || x == null)) {
        return keywords(new ArrayList<>(l), pointer);
      }
      problems.add(pointer, "a selection list must hold only maps or only keywords");
      return null;
    }
    if (value instanceof String || value instanceof Number) {
      return keywords(List.of(value), pointer);
    }
    problems.add(pointer, "a selection must be a map, a list of maps or a list of keywords");
    return null;
  }

  private String keywords(List<Object> values, String pointer) {
    Modifiers contains = new Modifiers("", EnumSet.of(Modifier.CONTAINS));
    List<String> ors = new ArrayList<>();
    for (String path : KEYWORD_PATHS) {
      String c = FieldMatcher.compile(path, contains, values, pointer, problems);
      if (c == null) {
        return null;
      }
      ors.add(c);
    }
    return Cel.or(ors);
  }

  private String fieldMap(Map<?, ?> m, String pointer) {
    if (m.isEmpty()) {
      problems.add(pointer, "an empty selection matches everything; say what to match");
      return null;
    }
    List<String> ands = new ArrayList<>();
    boolean ok = true;
    for (Map.Entry<?, ?> e : m.entrySet()) {
      String key = String.valueOf(e.getKey());
      String at = pointer + "/" + Problems.token(key);
      Modifiers mods = Modifiers.parse(key, at, problems);
      if (mods == null) {
        ok = false;
        continue;
      }
      if (mods.field().isEmpty()) {
        problems.add(at, "modifiers without a field name are not supported");
        ok = false;
        continue;
      }
      fields.add(mods.field());
      List<Object> values =
          e.getValue() instanceof List<?> l
              ? new ArrayList<>(l)
              : java.util.Arrays.asList(e.getValue());
      String c =
          FieldMatcher.compile(
              FieldMapping.filterPath(mods.field(), product), mods, values, at, problems);
      if (c == null) {
        ok = false;
      } else {
        ands.add(c);
      }
    }
    return ok ? Cel.and(ands) : null;
  }

  @Override
  public String ref(Condition.Ref r) {
    if (!selections.containsKey(r.name())) {
      problems.add(
          conditionPointer, "the condition names '" + r.name() + "', which is not a selection");
      failed = true;
      return Cel.FALSE;
    }
    return use(selections.get(r.name()));
  }

  private String use(String selection) {
    if (selection == null) {
      failed = true;
      return Cel.FALSE;
    }
    return selection;
  }

  @Override
  public String of(Condition.Of o) {
    List<String> names = new ArrayList<>();
    Pattern p = o.pattern() == null ? null : glob(o.pattern());
    for (String name : selections.keySet()) {
      if (p == null ? !name.startsWith("_") : p.matcher(name).matches()) {
        names.add(name);
      }
    }
    if (names.isEmpty()) {
      problems.add(
          conditionPointer,
          "'"
              + (o.all() ? "all" : "1")
              + " of "
              + (o.pattern() == null ? "them" : o.pattern())
              + "' matches no selection");
      failed = true;
      return Cel.FALSE;
    }
    List<String> terms = new ArrayList<>();
    for (String n : names) {
      terms.add(use(selections.get(n)));
    }
    return o.all() ? Cel.and(terms) : Cel.or(terms);
  }

  private static Pattern glob(String pattern) {
    StringBuilder sb = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      sb.append(c == '*' ? ".*" : Pattern.quote(String.valueOf(c)));
    }
    return Pattern.compile(sb.toString());
  }

  @Override
  public String not(Condition.Not n) {
    return Cel.not(n.operand().accept(this));
  }

  @Override
  public String and(Condition.And a) {
    return Cel.and(a.operands().stream().map(c -> c.accept(this)).toList());
  }

  @Override
  public String or(Condition.Or o) {
    return Cel.or(o.operands().stream().map(c -> c.accept(this)).toList());
  }
}
