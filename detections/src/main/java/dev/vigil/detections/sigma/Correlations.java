package dev.vigil.detections.sigma;

import dev.vigil.detections.sigma.FieldMapping.Product;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sigma correlation rules and v1 aggregations → Vigil rule kinds: {@code event_count} and {@code
 * count()} → {@code threshold}, {@code value_count} and {@code count(field)} → {@code distinct},
 * {@code temporal(_ordered)} → {@code sequence}. Vigil's windowed kinds fire when a count is
 * reached, so only "at least" conditions ({@code gte}, {@code gt}) translate; "at most" and
 * "exactly" need the window to close and are findings.
 */
final class Correlations {

  /** What the rule document's kind-specific members are. */
  record Body(
      String kind,
      String filter,
      List<String> groupBy,
      String specKey,
      Map<String, Object> spec,
      Set<String> fields,
      Set<Integer> used) {}

  private final RuleSet rules;

  Correlations(RuleSet rules) {
    this.rules = rules;
  }

  /** A detection rule: {@code match}, or the kind its v1 aggregation asks for. */
  Body rule(int i) {
    RuleSet.Rule r = rules.rule(i);
    Set<String> fields = canonical(r.fields(), r.product());
    LegacyAggregation agg = r.detection().aggregation();
    if (agg == null) {
      return new Body("match", r.filter(), List.of(), null, null, fields, Set.of(i));
    }
    Problems p = rules.problems(i);
    String at = "/detection/condition";
    List<String> groupBy =
        agg.groupBy().stream().map(g -> FieldMapping.canonicalPath(g, r.product())).toList();
    long window = Durations.seconds(r.detection().timeframe());
    if (r.detection().timeframe() == null) {
      p.add(at, "an aggregation needs detection.timeframe: Vigil counts within a sliding window");
    } else if (window < 0) {
      p.add(
          "/detection/timeframe",
          "timeframe '"
              + r.detection().timeframe()
              + "' is not a Sigma time span (30s, 5m, 1h, 1d)");
    }
    if (!agg.function().equals("count")) {
      p.add(
          at,
          "aggregation '" + agg.function() + "' is not supported; only count() and count(field)");
      return new Body("match", r.filter(), groupBy, null, null, fields, Set.of(i));
    }
    Long count =
        switch (agg.op()) {
          case ">" -> agg.value() + 1;
          case ">=" -> agg.value();
          default -> {
            p.add(at, "'" + agg.op() + " " + agg.value() + "' " + notAtLeast());
            yield null;
          }
        };
    Map<String, Object> spec = new LinkedHashMap<>();
    String kind = agg.field() == null ? "threshold" : "distinct";
    if (agg.field() != null) {
      String field = FieldMapping.canonicalPath(agg.field(), r.product());
      spec.put("field", field);
      fields = with(fields, field);
    }
    spec.put("count", count == null ? null : Math.max(1, count));
    spec.put("window", window < 0 ? null : Durations.format(window));
    fields = withAll(groupBy, fields);
    return new Body(kind, r.filter(), groupBy, kind, spec, fields, Set.of(i));
  }

  /** A correlation rule. */
  Body correlation(int i) {
    return correlation(i, new LinkedHashSet<>());
  }

  private Body correlation(int i, Set<Integer> visiting) {
    Problems p = rules.problems(i);
    Map<String, Object> doc = rules.doc(i);
    Set<Integer> used = new LinkedHashSet<>(List.of(i));
    if (!(doc.get("correlation") instanceof Map<?, ?> c)) {
      p.add("/correlation", "correlation must be a map");
      return new Body("match", null, List.of(), null, null, Set.of(), used);
    }
    visiting.add(i);
    String type = String.valueOf(c.get("type"));
    for (String unsupported : List.of("aliases", "generate")) {
      if (c.containsKey(unsupported) && !Boolean.FALSE.equals(c.get(unsupported))) {
        p.add(
            "/correlation/" + unsupported,
            unsupported.equals("aliases")
                ? "field name aliases are not supported yet"
                : "generate asks for the referenced rules as rules of their own; translate each on its own");
      }
    }
    List<Integer> refs = new ArrayList<>();
    if (c.get("rules") instanceof List<?> l && !l.isEmpty()) {
      for (int j = 0; j < l.size(); j++) {
        String ref = String.valueOf(l.get(j));
        int at = rules.find(ref);
        if (at < 0) {
          p.add(
              "/correlation/rules/" + j,
              "rule '"
                  + ref
                  + "' is not in this YAML; send the correlation and the rules it"
                  + " references as one multi-document YAML");
        } else if (visiting.contains(at)) {
          p.add("/correlation/rules/" + j, "rule '" + ref + "' refers back to this correlation");
        } else {
          refs.add(at);
          used.add(at);
        }
      }
    } else {
      p.add("/correlation/rules", "a correlation needs a list of rules");
    }
    long window = Durations.seconds(c.get("timespan"));
    if (window < 0) {
      p.add("/correlation/timespan", "timespan must be a Sigma time span (30s, 5m, 1h, 1d)");
    }
    Product product = product(refs);
    List<String> groupBy = new ArrayList<>();
    if (c.get("group-by") instanceof List<?> g) {
      g.forEach(f -> groupBy.add(FieldMapping.canonicalPath(String.valueOf(f), product)));
    } else if (c.containsKey("group-by")) {
      p.add("/correlation/group-by", "group-by must be a list of fields");
    }
    String win = window < 0 ? null : Durations.format(window);
    Set<String> fields = new LinkedHashSet<>(groupBy);
    return switch (type) {
      case "event_count", "value_count" -> {
        List<String> filters = new ArrayList<>();
        for (int r : refs) {
          if (rules.isCorrelation(r)) {
            p.add("/correlation/rules", type + " over another correlation is not supported");
            filters.add(null);
          } else {
            RuleSet.Rule rule = rules.rule(r);
            filters.add(rule.filter());
            fields.addAll(canonical(rule.fields(), rule.product()));
          }
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        String kind = type.equals("event_count") ? "threshold" : "distinct";
        if (kind.equals("distinct")) {
          Object f = c.get("condition") instanceof Map<?, ?> cm ? cm.get("field") : null;
          if (f == null) {
            p.add("/correlation/condition", "value_count needs condition.field");
          }
          String field = f == null ? null : FieldMapping.canonicalPath(f.toString(), product);
          spec.put("field", field);
        }
        spec.put("count", atLeast(c.get("condition"), p, kind.equals("distinct")));
        spec.put("window", win);
        yield new Body(kind, orAll(filters), List.copyOf(groupBy), kind, spec, fields, used);
      }
      case "temporal", "temporal_ordered" -> {
        if (c.containsKey("condition")) {
          Long n = atLeast(c.get("condition"), p, false);
          if (n != null && n != refs.size()) {
            p.add(
                "/correlation/condition",
                "a temporal condition other than all " + refs.size() + " rules is not supported");
          }
        }
        List<Object> steps = new ArrayList<>();
        List<String> filters = new ArrayList<>();
        for (int r : refs) {
          Map<String, Object> step = new LinkedHashMap<>();
          String filter;
          long count = 1;
          if (rules.isCorrelation(r)) {
            Body inner = correlation(r, visiting);
            used.addAll(inner.used());
            filter = inner.filter();
            count = chained(inner, groupBy, window, p, r);
          } else {
            RuleSet.Rule rule = rules.rule(r);
            filter = rule.filter();
            fields.addAll(canonical(rule.fields(), rule.product()));
          }
          filters.add(filter);
          step.put("filter", filter == null ? null : Cel.template(filter));
          step.put("count", count);
          steps.add(step);
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("steps", steps);
        spec.put("window", win);
        spec.put("ordered", type.equals("temporal_ordered"));
        yield new Body(
            "sequence", orAll(filters), List.copyOf(groupBy), "sequence", spec, fields, used);
      }
      default -> {
        p.add(
            "/correlation/type",
            "correlation type '"
                + type
                + "' is not supported (event_count, value_count, temporal, temporal_ordered)");
        yield new Body("match", null, List.copyOf(groupBy), null, null, fields, used);
      }
    };
  }

  /**
   * A chained {@code event_count} as a sequence step with a count: faithful when it groups by the
   * same fields and its timespan fits the outer one (the step's events must then also fall in the
   * sequence window, which is at least as strict).
   */
  private long chained(Body inner, List<String> groupBy, long window, Problems p, int r) {
    Problems ip = rules.problems(r);
    if (!inner.kind().equals("threshold")) {
      p.add(
          "/correlation/rules",
          "only an event_count correlation can be a step of a temporal correlation");
      return 1;
    }
    if (!inner.groupBy().equals(groupBy)) {
      ip.add(
          "/correlation/group-by",
          "a chained event_count must group by the same fields as the temporal correlation");
    }
    long innerWindow =
        Durations.seconds(
            rules.doc(r).get("correlation") instanceof Map<?, ?> m ? m.get("timespan") : null);
    if (innerWindow > window && window > 0) {
      ip.add(
          "/correlation/timespan",
          "a chained event_count's timespan must not exceed the temporal correlation's");
    }
    Object n = inner.spec().get("count");
    return n instanceof Long l ? l : 1;
  }

  /** N for "at least N", or null with a finding. */
  private static Long atLeast(Object condition, Problems p, boolean allowField) {
    String at = "/correlation/condition";
    if (!(condition instanceof Map<?, ?> m)) {
      p.add(at, "condition must be a map such as {gte: 10}");
      return null;
    }
    Long n = null;
    for (Map.Entry<?, ?> e : m.entrySet()) {
      String op = String.valueOf(e.getKey());
      if (op.equals("field") && allowField) {
        continue;
      }
      if (!(e.getValue() instanceof Number v) || v.longValue() != v.doubleValue()) {
        p.add(at + "/" + Problems.token(op), "'" + op + "' takes a whole number");
        return null;
      }
      switch (op) {
        case "gte" -> n = n == null ? v.longValue() : conflict(p, at);
        case "gt" -> n = n == null ? v.longValue() + 1 : conflict(p, at);
        case "lt", "lte", "eq" -> {
          p.add(at + "/" + op, "'" + op + ": " + v + "' " + notAtLeast());
          return null;
        }
        default -> {
          p.add(at + "/" + Problems.token(op), "unknown condition '" + op + "'");
          return null;
        }
      }
    }
    if (n == null) {
      p.add(at, "condition needs gte or gt");
      return null;
    }
    return Math.max(1, n);
  }

  private static Long conflict(Problems p, String at) {
    p.add(at, "give one of gte and gt");
    return null;
  }

  private static String notAtLeast() {
    return "is not supported: Vigil fires when a count is reached within the sliding window;"
        + " 'at most' and 'exactly' are only known once the window has closed";
  }

  private Product product(List<Integer> refs) {
    Set<Product> ps = new LinkedHashSet<>();
    for (int r : refs) {
      if (rules.isCorrelation(r)) {
        ps.add(product(rules.references(r)));
      } else {
        ps.add(rules.rule(r).product());
      }
    }
    return ps.size() == 1 ? ps.iterator().next() : Product.OTHER;
  }

  private static String orAll(List<String> filters) {
    return filters.contains(null) || filters.isEmpty() ? null : Cel.or(filters);
  }

  static Set<String> canonical(Set<String> fields, Product product) {
    Set<String> out = new LinkedHashSet<>();
    fields.forEach(f -> out.add(FieldMapping.canonicalPath(f, product)));
    return out;
  }

  private static Set<String> with(Set<String> s, String f) {
    Set<String> out = new LinkedHashSet<>(List.of(f));
    out.addAll(s);
    return out;
  }

  private static Set<String> withAll(List<String> first, Set<String> s) {
    Set<String> out = new LinkedHashSet<>(first);
    out.addAll(s);
    return out;
  }
}
