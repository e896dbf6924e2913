package dev.vigil.store.billing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The plans an installation sells or grants, read from a JSON file ({@code VIGIL_BILLING_PLANS};
 * the bundled {@code billing/plans.json} otherwise) and checked whole: a bad file is refused with
 * every problem and its JSON Pointer, never half-loaded.
 */
public final class Plans {

  /** The limits a plan may set; a limit it leaves out (or sets to null) is unlimited. */
  public static final List<String> LIMITS =
      List.of(
          "members",
          "wazuhAgents",
          "scansPerDay",
          "concurrentScans",
          "runsPerMonth",
          "eventRetentionDays",
          "eventsPerDay",
          "fileStorageBytes");

  /** The modules a plan may enable. */
  public static final List<String> MODULES =
      List.of("wazuh", "scans", "downloads", "ai", "advanced_playbooks");

  /** The plan a tenant falls back to when its subscription ends (required when billing is on). */
  public static final String FREE = "free";

  /** The bundled plan without limits: every tenant's while billing is off, unless configured. */
  public static final String UNLIMITED = "unlimited";

  private static final Pattern NAME = Pattern.compile("^[a-z][a-z0-9_-]{0,39}$");

  /**
   * One plan.
   *
   * @param limits limit → maximum; a limit not in the map is unlimited
   * @param stripePriceId the Stripe price a checkout for this plan subscribes to (null: not sold)
   */
  public record Plan(
      String name,
      String title,
      String stripePriceId,
      Map<String, Long> limits,
      Set<String> modules) {

    public Plan {
      limits = Collections.unmodifiableMap(new LinkedHashMap<>(limits));
      modules = Collections.unmodifiableSet(new LinkedHashSet<>(modules));
    }

    /** The maximum for {@code limit}, empty when unlimited. */
    public Optional<Long> limit(String limit) {
      return Optional.ofNullable(limits.get(limit));
    }

    public boolean enables(String module) {
      return modules.contains(module);
    }

    /** Why {@code used} (with what is asked for) is over {@code limit}, in the plan's words. */
    public String exceeded(String limit, long used) {
      return "the "
          + title
          + " plan allows "
          + limits.get(limit)
          + " for "
          + limit
          + " and the tenant uses "
          + used;
    }

    /** Why a module outside the plan is refused, in the plan's words. */
    public String lacks(String module) {
      return "the " + title + " plan does not include " + module;
    }
  }

  /** A problem in a plans file, at a JSON Pointer. */
  public record Problem(String pointer, String message) {
    @Override
    public String toString() {
      return (pointer.isEmpty() ? "/" : pointer) + ": " + message;
    }
  }

  /** A plans file that cannot be used, with every problem found in it. */
  public static final class Invalid extends RuntimeException {
    public final List<Problem> problems;

    Invalid(String source, List<Problem> problems) {
      super("the plans in " + source + " are not valid: " + problems);
      this.problems = List.copyOf(problems);
    }
  }

  private final Map<String, Plan> plans;

  private Plans(Map<String, Plan> plans) {
    this.plans = Collections.unmodifiableMap(plans);
  }

  public Map<String, Plan> all() {
    return plans;
  }

  public Optional<Plan> get(String name) {
    return Optional.ofNullable(plans.get(name));
  }

  /** The plan sold at Stripe price {@code priceId}. */
  public Optional<Plan> byPrice(String priceId) {
    return plans.values().stream()
        .filter(p -> p.stripePriceId() != null && p.stripePriceId().equals(priceId))
        .findFirst();
  }

  /**
   * The first plan in the file's order, other than {@code current}, that allows {@code needed} of
   * {@code limit} (a sold one when {@code sold}), or empty.
   */
  public Optional<Plan> lifting(String current, String limit, long needed, boolean sold) {
    return plans.values().stream()
        .filter(p -> !p.name().equals(current) && (!sold || p.stripePriceId() != null))
        .filter(p -> p.limit(limit).map(max -> max >= needed).orElse(true))
        .findFirst();
  }

  /**
   * The first plan in the file's order, other than {@code current}, that enables {@code module}.
   */
  public Optional<Plan> enabling(String current, String module, boolean sold) {
    return plans.values().stream()
        .filter(p -> !p.name().equals(current) && (!sold || p.stripePriceId() != null))
        .filter(p -> p.enables(module))
        .findFirst();
  }

  /** The plans bundled with Vigil: free, basic, pro and unlimited. */
  public static Plans bundled() {
    try (InputStream in = Plans.class.getResourceAsStream("/billing/plans.json")) {
      return parse(in.readAllBytes(), "the bundled billing/plans.json");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The plans in {@code file}. */
  public static Plans load(Path file) {
    try {
      return parse(Files.readAllBytes(file), file.toString());
    } catch (IOException e) {
      throw new Invalid(file.toString(), List.of(new Problem("", "cannot be read: " + e)));
    }
  }

  /**
   * Parses and checks a plans document.
   *
   * @throws Invalid with every problem found
   */
  public static Plans parse(byte[] json, String source) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(json);
    } catch (IOException e) {
      throw new Invalid(source, List.of(new Problem("", "is not JSON: " + e.getMessage())));
    }
    List<Problem> problems = new ArrayList<>();
    Map<String, Plan> plans = new LinkedHashMap<>();
    JsonNode all = root == null ? null : root.get("plans");
    if (all == null || !all.isObject() || all.isEmpty()) {
      problems.add(new Problem("/plans", "must be an object of at least one plan: name → plan"));
    } else {
      for (Iterator<Map.Entry<String, JsonNode>> it = all.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        Plan p = plan(e.getKey(), e.getValue(), "/plans/" + e.getKey(), problems);
        if (p != null) {
          plans.put(p.name(), p);
        }
      }
    }
    if (root != null && root.isObject()) {
      root.fieldNames()
          .forEachRemaining(
              k -> {
                if (!k.equals("plans")) {
                  problems.add(new Problem("/" + k, "unknown member; a plans file has plans"));
                }
              });
    }
    if (!problems.isEmpty()) {
      throw new Invalid(source, problems);
    }
    return new Plans(plans);
  }

  private static Plan plan(String name, JsonNode p, String at, List<Problem> problems) {
    int before = problems.size();
    if (!NAME.matcher(name).matches()) {
      problems.add(new Problem(at, "'" + name + "' is not a plan name (a-z, 0-9, _ and -)"));
    }
    if (!p.isObject()) {
      problems.add(new Problem(at, "must be an object {title, stripePriceId, limits, modules}"));
      return null;
    }
    Set<String> known = Set.of("title", "stripePriceId", "limits", "modules");
    p.fieldNames()
        .forEachRemaining(
            k -> {
              if (!known.contains(k)) {
                problems.add(new Problem(at + "/" + k, "unknown member; known: " + known));
              }
            });
    String title = p.path("title").asText(name);
    JsonNode price = p.path("stripePriceId");
    if (!price.isMissingNode() && !price.isNull() && !price.isTextual()) {
      problems.add(new Problem(at + "/stripePriceId", "must be a Stripe price id or null"));
    }
    Map<String, Long> limits = new LinkedHashMap<>();
    JsonNode l = p.path("limits");
    if (!l.isMissingNode() && !l.isObject()) {
      problems.add(new Problem(at + "/limits", "must be an object: limit → maximum"));
    } else if (l.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = l.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String pointer = at + "/limits/" + e.getKey();
        JsonNode v = e.getValue();
        if (!LIMITS.contains(e.getKey())) {
          problems.add(new Problem(pointer, "unknown limit; known: " + LIMITS));
        } else if (v.isNull()) {
          continue; // unlimited
        } else if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
          problems.add(new Problem(pointer, "must be a whole number from 0, or null (unlimited)"));
        } else {
          limits.put(e.getKey(), v.asLong());
        }
      }
    }
    Set<String> modules = new LinkedHashSet<>();
    JsonNode m = p.path("modules");
    if (!m.isArray()) {
      problems.add(new Problem(at + "/modules", "must be a list of modules from " + MODULES));
    } else {
      for (int i = 0; i < m.size(); i++) {
        String module = m.get(i).asText("");
        if (!MODULES.contains(module)) {
          problems.add(
              new Problem(
                  at + "/modules/" + i, "unknown module '" + module + "'; known: " + MODULES));
        } else {
          modules.add(module);
        }
      }
    }
    return problems.size() > before
        ? null
        : new Plan(name, title, price.isTextual() ? price.asText() : null, limits, modules);
  }
}
