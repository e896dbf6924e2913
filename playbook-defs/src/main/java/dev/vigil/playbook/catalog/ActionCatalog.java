package dev.vigil.playbook.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.playbook.json.Json;
import dev.vigil.playbook.schema.JsonSchemas;
import dev.vigil.playbook.validation.Finding;
import dev.vigil.playbook.validation.Spelling;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The action catalog, loaded from {@code actions/catalog.json} on the classpath. */
public final class ActionCatalog {

  public static final String RESOURCE = "actions/catalog.json";

  private static final ActionCatalog BUNDLED = load();

  private final Map<String, ActionDefinition> actions;
  private final Map<String, com.networknt.schema.Schema> inputSchemas = new LinkedHashMap<>();

  private ActionCatalog(Map<String, ActionDefinition> actions) {
    this.actions = actions;
    actions.values().forEach(a -> inputSchemas.put(a.name(), JsonSchemas.compile(a.input())));
  }

  /** The catalog shipped with Vigil. */
  public static ActionCatalog bundled() {
    return BUNDLED;
  }

  private static ActionCatalog load() {
    try (InputStream in = ActionCatalog.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the classpath");
      }
      return parse(Json.MAPPER.readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A catalog from its JSON ({@code {"actions": [...]}}); refuses inconsistent entries. */
  public static ActionCatalog parse(JsonNode root) {
    Map<String, ActionDefinition> map = new LinkedHashMap<>();
    for (JsonNode a : root.get("actions")) {
      ActionDefinition def = definition(a);
      if (map.put(def.name(), def) != null) {
        throw new IllegalStateException("duplicate catalog entry " + def.name());
      }
      if (def.connection() != null) {
        checkConnectionUse(def);
      }
      if (def.ratePerSecond() != null && def.taskQueue() == null) {
        throw new IllegalStateException(
            "catalog entry "
                + def.name()
                + " has a rateLimit but no taskQueue: a rate limit belongs to a task queue (every"
                + " activity on it shares it), so the action needs its own");
      }
    }
    return new ActionCatalog(map);
  }

  private static ActionDefinition definition(JsonNode a) {
    JsonNode r = a.path("retry");
    List<String> nonRetryable = new ArrayList<>();
    a.path("nonRetryableErrors").forEach(n -> nonRetryable.add(n.asText()));
    return new ActionDefinition(
        a.get("name").asText(),
        a.path("title").asText(),
        a.path("description").asText(),
        SideEffect.of(a.get("sideEffect").asText()),
        readWhen(a.get("readWhen")),
        a.path("timeout").asText("30s"),
        a.path("heartbeatTimeout").isTextual() ? a.path("heartbeatTimeout").asText() : null,
        a.path("taskQueue").isTextual() ? a.path("taskQueue").asText() : null,
        a.path("rateLimit").path("perSecond").isNumber()
            ? a.path("rateLimit").path("perSecond").asDouble()
            : null,
        new ActionDefinition.DefaultRetry(
            r.path("maxAttempts").asLong(3),
            r.path("initialInterval").asText("1s"),
            r.path("backoffCoefficient").asDouble(2.0),
            r.path("maximumInterval").asText("1m")),
        nonRetryable,
        a.path("undo").path("hint").isTextual() ? a.path("undo").path("hint").asText() : null,
        connectionUse(a.get("connection")),
        a.get("input"),
        a.path("output"));
  }

  /**
   * An action that uses a connection takes it as {@code with.connection}; its fan-out is a list.
   */
  private static void checkConnectionUse(ActionDefinition def) {
    JsonNode in = def.input();
    boolean required = false;
    for (JsonNode r : in.path("required")) {
      required |= ActionDefinition.ConnectionUse.FIELD.equals(r.asText());
    }
    if (!required
        || !"string".equals(in.path("properties").path("connection").path("type").asText())) {
      throw new IllegalStateException(
          "catalog entry "
              + def.name()
              + " uses a connection but does not require a string with.connection");
    }
    String fanOut = def.connection().fanOut();
    if (fanOut != null
        && (!"array".equals(in.path("properties").path(fanOut).path("type").asText())
            || def.connection().limitSetting() == null)) {
      throw new IllegalStateException(
          "catalog entry "
              + def.name()
              + ": fanOut "
              + fanOut
              + " must be an array input with a limitSetting");
    }
  }

  private static ActionDefinition.ConnectionUse connectionUse(JsonNode c) {
    if (c == null || c.isNull()) {
      return null;
    }
    return new ActionDefinition.ConnectionUse(
        c.get("provider").asText(),
        c.path("fanOut").asText(null),
        c.path("limitSetting").asText(null));
  }

  private static ActionDefinition.ReadWhen readWhen(JsonNode r) {
    if (r == null || r.isNull()) {
      return null;
    }
    List<String> values = new ArrayList<>();
    r.path("in").forEach(v -> values.add(v.asText()));
    return new ActionDefinition.ReadWhen(
        r.get("field").asText(), r.path("default").asText(null), List.copyOf(values));
  }

  public Optional<ActionDefinition> find(String name) {
    return Optional.ofNullable(actions.get(name));
  }

  public ActionDefinition require(String name) {
    return find(name).orElseThrow(() -> new IllegalArgumentException("unknown action " + name));
  }

  public Collection<ActionDefinition> all() {
    return actions.values();
  }

  /** The catalog entry closest in spelling to {@code name}, for "did you mean" hints. */
  public Optional<String> closest(String name) {
    return Spelling.closest(name, actions.keySet());
  }

  /**
   * Checks {@code with} (already converted to JSON) against the action's input schema. Findings
   * point into the document under {@code basePointer}.
   */
  public List<Finding> checkInput(String name, JsonNode with, String basePointer) {
    return JsonSchemas.check(inputSchemas.get(name), with, basePointer);
  }
}
