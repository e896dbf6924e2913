package dev.vigil.playbook.validation;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.playbook.json.Json;
import dev.vigil.playbook.limits.Limits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The size and shape limits of a definition ({@link Limits#MAX_DEFINITION_BYTES}, {@link
 * Limits#MAX_JSON_DEPTH}, {@link Limits#MAX_STEP_DEPTH}, {@link Limits#MAX_STEPS}), checked before
 * the schema validator and the parser walk the tree recursively, so that a hostile definition is
 * refused with a finding instead of exhausting the stack or the CPU. Its own walks are iterative or
 * stop at the depth limit.
 */
final class DefinitionLimits {

  /** Keys of a step whose value is a list of steps, or (cases, parallel) a container of lists. */
  private static final List<String> STEP_LISTS =
      List.of("then", "else", "default", "do", "onError");

  private DefinitionLimits() {}

  /** A finding when the text is larger than {@link Limits#MAX_DEFINITION_BYTES}. */
  static List<Finding> checkText(String json) {
    long bytes =
        json.length() > Limits.MAX_DEFINITION_BYTES
            ? json.length()
            : json.getBytes(StandardCharsets.UTF_8).length;
    return bytes > Limits.MAX_DEFINITION_BYTES ? List.of(tooLarge("")) : List.of();
  }

  /** Findings for every limit the tree exceeds; empty when it is within all of them. */
  static List<Finding> check(JsonNode root) {
    if (root == null) {
      return List.of();
    }
    if (Limits.jsonBytes(root, Limits.MAX_DEFINITION_BYTES) > Limits.MAX_DEFINITION_BYTES) {
      return List.of(tooLarge(" as JSON"));
    }
    String deep = deeperThanJsonLimit(root);
    if (deep != null) {
      return List.of(tooDeep(deep, ""));
    }
    Steps steps = new Steps();
    steps.list(root.get("steps"), "/steps", 1);
    return steps.out;
  }

  /**
   * The finding for a text that {@code Json} refused as too deep, located by a streaming pass
   * (flat, no tree) that stops where the parser did.
   */
  static Finding tooDeep(String json) {
    try (JsonParser p = Json.MAPPER.createParser(json)) {
      try {
        while (p.nextToken() != null) {
          // read on until the depth limit stops the parser
        }
      } catch (StreamConstraintsException e) {
        JsonLocation at = p.currentLocation();
        return tooDeep(
            p.getParsingContext().pathAsPointer().toString(),
            " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
      }
    } catch (IOException e) {
      // the text parsed up to the limit before; fall through to the unlocated finding
    }
    return tooDeep("", "");
  }

  private static Finding tooDeep(String pointer, String where) {
    return Finding.error(
        pointer,
        "JSON nested deeper than " + Limits.MAX_JSON_DEPTH + " levels" + where,
        "steps may nest at most " + Limits.MAX_STEP_DEPTH + " deep");
  }

  private static Finding tooLarge(String how) {
    return Finding.error(
        "",
        "definition exceeds " + Limits.formatBytes(Limits.MAX_DEFINITION_BYTES) + how,
        "move data into run inputs or split it into child playbooks");
  }

  /** The pointer of the first node nested deeper than the JSON limit, or null. */
  private static String deeperThanJsonLimit(JsonNode root) {
    record At(JsonNode node, int depth, At parent, String token) {
      String pointer() {
        Deque<String> tokens = new ArrayDeque<>();
        for (At a = this; a.parent != null; a = a.parent) {
          tokens.push(a.token);
        }
        return tokens.isEmpty() ? "" : "/" + String.join("/", tokens);
      }
    }
    Deque<At> todo = new ArrayDeque<>();
    todo.push(new At(root, 1, null, null));
    while (!todo.isEmpty()) {
      At at = todo.pop();
      if (!at.node().isContainerNode()) {
        continue;
      }
      if (at.depth() > Limits.MAX_JSON_DEPTH) {
        return at.pointer();
      }
      if (at.node().isObject()) {
        Iterator<Map.Entry<String, JsonNode>> fields = at.node().fields();
        while (fields.hasNext()) {
          Map.Entry<String, JsonNode> e = fields.next();
          todo.push(new At(e.getValue(), at.depth() + 1, at, Json.pointerToken(e.getKey())));
        }
      } else {
        for (int i = 0; i < at.node().size(); i++) {
          todo.push(new At(at.node().get(i), at.depth() + 1, at, String.valueOf(i)));
        }
      }
    }
    return null;
  }

  /** Counts steps and measures their nesting, without descending past the depth limit. */
  private static final class Steps {
    private final List<Finding> out = new ArrayList<>();
    private int count;

    void list(JsonNode node, String pointer, int depth) {
      if (node == null || !node.isArray()) {
        return;
      }
      for (int i = 0; i < node.size(); i++) {
        step(node.get(i), pointer + "/" + i, depth);
      }
    }

    private void step(JsonNode step, String pointer, int depth) {
      if (step == null || !step.isObject()) {
        return;
      }
      if (++count == Limits.MAX_STEPS + 1) {
        out.add(
            Finding.error(
                pointer,
                "more than " + Limits.MAX_STEPS + " steps",
                "split the playbook into child playbooks"));
      }
      if (depth > Limits.MAX_STEP_DEPTH) {
        out.add(
            Finding.error(
                pointer,
                "steps nested more than " + Limits.MAX_STEP_DEPTH + " deep",
                "flatten the nesting or move the inner steps into a child playbook"));
        return;
      }
      for (String key : STEP_LISTS) {
        list(step.get(key), pointer + "/" + key, depth + 1);
      }
      for (String key : List.of("cases", "parallel")) {
        JsonNode lists = step.get(key);
        if (lists != null && lists.isContainerNode()) {
          Iterator<Map.Entry<String, JsonNode>> fields = lists.fields();
          while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            list(
                e.getValue(), pointer + "/" + key + "/" + Json.pointerToken(e.getKey()), depth + 1);
          }
          for (int i = 0; lists.isArray() && i < lists.size(); i++) {
            list(lists.get(i), pointer + "/" + key + "/" + i, depth + 1);
          }
        }
      }
    }
  }
}
