package dev.vigil.detections.sigma;

import dev.vigil.playbook.expression.ExpressionException;
import dev.vigil.playbook.expression.Expressions;
import dev.vigil.playbook.expression.Scope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Translates a Sigma rule (or a multi-document YAML: one correlation rule and the rules it
 * references by {@code name} or {@code id}) into a Vigil detection rule document (DESIGN §6.2).
 * Whatever cannot be expressed faithfully is reported as a {@link Finding}; nothing is dropped
 * silently, and a translation with findings must not be published.
 */
public final class SigmaTranslator {

  /** The variables a detection filter sees. */
  public static final Scope FILTER_SCOPE = Scope.ROOT.with("event");

  static final String DEFAULT_SUPPRESS = "1h";

  private static final Pattern TECHNIQUE = Pattern.compile("attack\\.(t\\d{4}(?:\\.\\d{3})?)");
  private static final int MAX_KEY = 64;

  /** Translates one Sigma YAML text. */
  public Translation translate(String yaml) {
    Problems problems = new Problems();
    List<Map<String, Object>> docs = SigmaYaml.read(yaml, problems);
    if (docs == null) {
      return new Translation(Map.of(), problems.list());
    }
    RuleSet rules = new RuleSet(docs, problems);
    int root = root(rules, problems);
    if (root < 0) {
      return new Translation(Map.of(), problems.list());
    }
    Correlations correlations = new Correlations(rules);
    Correlations.Body body =
        rules.isCorrelation(root) ? correlations.correlation(root) : correlations.rule(root);
    for (int i = 0; i < rules.size(); i++) {
      if (!body.used().contains(i)) {
        rules
            .problems(i)
            .add("", "this document is not referenced by the correlation rule and is ignored");
      }
    }
    Problems rp = rules.problems(root);
    checkCompiles(body, rp);
    return new Translation(document(rules.doc(root), body, rules, rp), problems.list());
  }

  /** The document to translate: the only one, or the correlation no other document refers to. */
  private static int root(RuleSet rules, Problems problems) {
    if (rules.size() == 1) {
      return 0;
    }
    Set<Integer> referenced = new LinkedHashSet<>();
    for (int i = 0; i < rules.size(); i++) {
      referenced.addAll(rules.references(i));
    }
    // Documents nothing refers to are reported as ignored once the root is known.
    List<Integer> roots = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      if (!referenced.contains(i) && rules.isCorrelation(i)) {
        roots.add(i);
      }
    }
    if (roots.size() == 1) {
      return roots.get(0);
    }
    problems.add(
        "",
        "a multi-document YAML must hold one correlation rule and the rules it references;"
            + " found "
            + roots.size()
            + " correlation rules that nothing references");
    return -1;
  }

  private static void checkCompiles(Correlations.Body body, Problems p) {
    if (body.filter() != null) {
      compiles(body.filter(), body.kind().equals("sequence") ? "/correlation" : "/detection", p);
    }
  }

  private static void compiles(String cel, String pointer, Problems p) {
    try {
      Expressions.compile(cel, FILTER_SCOPE);
    } catch (ExpressionException e) {
      p.add(pointer, "the generated filter is not a valid expression: " + e.getMessage());
    }
  }

  private static Map<String, Object> document(
      Map<String, Object> doc, Correlations.Body body, RuleSet rules, Problems p) {
    Map<String, Object> out = new LinkedHashMap<>();
    String title = text(doc.get("title"));
    if (title == null || title.isBlank()) {
      p.add("/title", "a Sigma rule needs a title");
    }
    out.put("key", key(doc));
    out.put("title", title);
    out.put(
        "description",
        text(doc.get("description")) == null ? "" : text(doc.get("description")).strip());
    out.put("kind", body.kind());
    out.put("severity", severity(doc.get("level"), p));
    out.put("mitre", mitre(body.used(), rules));
    out.put("filter", body.filter() == null ? null : Cel.template(body.filter()));
    out.put("groupBy", body.groupBy());
    if (body.specKey() != null) {
      out.put(body.specKey(), body.spec());
    }
    out.put("suppress", DEFAULT_SUPPRESS);
    out.put("entity", entity(body));
    Map<String, Object> sigma = new LinkedHashMap<>();
    sigma.put("id", text(doc.get("id")));
    sigma.put("title", title);
    sigma.put("level", text(doc.get("level")));
    sigma.put("status", text(doc.get("status")));
    sigma.put("logsource", doc.get("logsource"));
    out.put("sigma", sigma);
    return out;
  }

  /** The slug of the Sigma id (stable across title edits), else of the title. */
  static String key(Map<String, Object> doc) {
    String source = text(doc.get("id"));
    if (source == null || source.isBlank()) {
      source = text(doc.get("title"));
    }
    String slug =
        source == null
            ? ""
            : source.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    if (slug.length() > MAX_KEY) {
      slug = slug.substring(0, MAX_KEY).replaceAll("-+$", "");
    }
    // Rule keys are 2 to 63 characters: a one-letter title still makes a valid key.
    return slug.isEmpty() ? "sigma-rule" : slug.length() < 2 ? "sigma-" + slug : slug;
  }

  private static String severity(Object level, Problems p) {
    if (level == null) {
      return "medium";
    }
    return switch (level.toString().toLowerCase(Locale.ROOT)) {
      case "informational" -> "info";
      case "low" -> "low";
      case "medium" -> "medium";
      case "high" -> "high";
      case "critical" -> "critical";
      default -> {
        p.add("/level", "level '" + level + "' is not a Sigma level");
        yield "medium";
      }
    };
  }

  /** ATT&CK technique tags of the rule and of the rules it correlates, in order, once each. */
  private static List<String> mitre(Set<Integer> used, RuleSet rules) {
    Set<String> out = new LinkedHashSet<>();
    for (int i : used) {
      if (rules.doc(i).get("tags") instanceof List<?> tags) {
        for (Object t : tags) {
          Matcher m = TECHNIQUE.matcher(String.valueOf(t).toLowerCase(Locale.ROOT));
          // only ATT&CK's own ids: a tag naming no technique of the catalogue is left out
          if (m.matches() && dev.vigil.detections.mitre.MitreAttack.bundled().known(m.group(1))) {
            out.add(m.group(1).toUpperCase(Locale.ROOT));
          }
        }
      }
    }
    return List.copyOf(out);
  }

  /**
   * The first group-by or matched field that names an entity; else the host the event came from.
   */
  private static Map<String, Object> entity(Correlations.Body body) {
    // An alert is raised per group, so with a group-by the entity is one of the group's fields.
    List<String> candidates =
        body.groupBy().isEmpty() ? List.copyOf(body.fields()) : body.groupBy();
    for (String path : candidates) {
      String kind = FieldMapping.entityKind(path);
      if (kind != null) {
        return entity(kind, path);
      }
    }
    if (!body.groupBy().isEmpty()) {
      return entity("other", body.groupBy().get(0));
    }
    return entity("host", "source.system");
  }

  private static Map<String, Object> entity(String kind, String path) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("kind", kind);
    String value =
        path.startsWith(FieldMapping.ATTRIBUTES)
            ? Cel.present(path) + " ? " + Cel.access(path) + " : null"
            : Cel.access(path);
    e.put("value", Cel.template(value));
    return e;
  }

  private static String text(Object o) {
    return o == null ? null : o.toString();
  }
}
