package dev.vigil.detections.sigma;

import dev.vigil.detections.sigma.FieldMapping.Product;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The documents of one Sigma file, found by {@code name} or {@code id}, with each detection rule
 * compiled once to its filter (logsource term AND detection).
 */
final class RuleSet {

  /** A compiled detection rule: null filter when it could not be translated. */
  record Rule(
      int index,
      String filter,
      Product product,
      Set<String> fields,
      DetectionCompiler.Compiled detection) {}

  private final List<Map<String, Object>> docs;
  private final Problems problems;
  private final Map<String, Integer> byRef = new HashMap<>();
  private final Map<Integer, Rule> compiled = new HashMap<>();

  RuleSet(List<Map<String, Object>> docs, Problems problems) {
    this.docs = docs;
    this.problems = problems;
    for (int i = 0; i < docs.size(); i++) {
      for (String k : List.of("name", "id")) {
        Object v = docs.get(i).get(k);
        if (v != null) {
          byRef.putIfAbsent(v.toString(), i);
        }
      }
    }
  }

  int size() {
    return docs.size();
  }

  Map<String, Object> doc(int i) {
    return docs.get(i);
  }

  /**
   * The problems of document {@code i}: pointers are prefixed with its index in a multi-document
   * file.
   */
  Problems problems(int i) {
    return docs.size() == 1 ? problems : problems.under("/" + i);
  }

  /** The document a correlation refers to by name or id, or -1. */
  int find(String ref) {
    return byRef.getOrDefault(ref, -1);
  }

  boolean isCorrelation(int i) {
    return docs.get(i).containsKey("correlation");
  }

  /** The documents that correlation {@code i} refers to and that exist. */
  List<Integer> references(int i) {
    List<Integer> out = new ArrayList<>();
    if (docs.get(i).get("correlation") instanceof Map<?, ?> c
        && c.get("rules") instanceof List<?> l) {
      for (Object r : l) {
        int at = r == null ? -1 : find(r.toString());
        if (at >= 0) {
          out.add(at);
        }
      }
    }
    return out;
  }

  /** Compiles detection rule {@code i} (once). */
  Rule rule(int i) {
    Rule r = compiled.get(i);
    if (r == null) {
      r = compile(i);
      compiled.put(i, r);
    }
    return r;
  }

  private Rule compile(int i) {
    Map<String, Object> doc = docs.get(i);
    Problems p = problems(i);
    Object ls = doc.get("logsource");
    Product product = FieldMapping.Product.of(ls instanceof Map<?, ?> m ? m.get("product") : null);
    String source = LogsourceMapping.term(ls, p);
    DetectionCompiler.Compiled d = DetectionCompiler.compile(doc.get("detection"), product, p);
    String filter =
        source == null || d.filter() == null
            ? null
            : Cel.and(dropTrue(List.of(source, d.filter())));
    return new Rule(i, filter, product, new LinkedHashSet<>(d.fields()), d);
  }

  private static List<String> dropTrue(List<String> terms) {
    return terms.stream().filter(t -> !t.equals(Cel.TRUE)).toList();
  }
}
