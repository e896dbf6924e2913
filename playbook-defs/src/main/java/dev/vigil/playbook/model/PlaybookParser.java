package dev.vigil.playbook.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.playbook.json.Json;
import dev.vigil.playbook.model.ApprovalSpec.Escalation;
import dev.vigil.playbook.validation.Finding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the {@link Playbook} model from a JSON tree. It is lenient: whatever the JSON Schema
 * rejects is skipped here (the schema reports it), so that semantic checks still run over the rest
 * and a user sees every problem in one pass. Structural problems the schema cannot express (a step
 * with no kind or two kinds) are returned as findings.
 */
public final class PlaybookParser {

  /** The model and the structural findings met while building it. */
  public record Parsed(Playbook playbook, List<Finding> findings) {}

  private final List<Finding> findings = new ArrayList<>();

  private PlaybookParser() {}

  public static Parsed parse(JsonNode root) {
    PlaybookParser p = new PlaybookParser();
    Playbook playbook = p.playbook(root);
    return new Parsed(playbook, List.copyOf(p.findings));
  }

  /** Parses a document known to be valid; throws when it is not. */
  public static Playbook parseValid(JsonNode root) {
    Parsed parsed = parse(root);
    if (!parsed.findings().isEmpty()) {
      throw new IllegalArgumentException("invalid playbook: " + parsed.findings().get(0).format());
    }
    return parsed.playbook();
  }

  private Playbook playbook(JsonNode root) {
    if (root == null || !root.isObject()) {
      return new Playbook(null, null, null, null, List.of(), Map.of(), false);
    }
    return new Playbook(
        text(root, "key"),
        text(root, "title"),
        text(root, "description"),
        map(root.get("inputs")),
        steps(root.get("steps"), "/steps"),
        map(root.get("outputs")),
        root.path("rollbackOnFailure").asBoolean(false));
  }

  private List<Step> steps(JsonNode node, String pointer) {
    List<Step> steps = new ArrayList<>();
    if (node == null || !node.isArray()) {
      return steps;
    }
    for (int i = 0; i < node.size(); i++) {
      Step s = step(node.get(i), pointer + "/" + i);
      if (s != null) {
        steps.add(s);
      }
    }
    return steps;
  }

  private Step step(JsonNode n, String ptr) {
    if (n == null || !n.isObject()) {
      return null;
    }
    List<StepKind> kinds = new ArrayList<>();
    for (StepKind k : StepKind.values()) {
      if (n.has(k.key())) {
        kinds.add(k);
      }
    }
    if (kinds.size() != 1) {
      findings.add(
          Finding.error(
              ptr,
              kinds.isEmpty()
                  ? "step has no kind"
                  : "step has " + kinds.size() + " kinds: " + keys(kinds),
              "a step needs exactly one of action, if, switch, forEach, parallel, approval, wait,"
                  + " playbook, set, fail"));
      return null;
    }
    String id = text(n, "id");
    if (id == null) {
      return null; // the schema reports the missing id
    }
    StepBody body = body(kinds.get(0), n, ptr);
    if (body == null) {
      return null;
    }
    return new Step(
        id,
        text(n, "name"),
        ptr,
        text(n, "when"),
        text(n, "timeout"),
        retry(n.get("retry")),
        onError(n.get("onError"), ptr + "/onError"),
        undo(n.get("undo"), ptr + "/undo"),
        body);
  }

  private StepBody body(StepKind kind, JsonNode n, String ptr) {
    switch (kind) {
      case ACTION:
        return n.get("action").isTextual()
            ? new StepBody.Action(n.get("action").asText(), map(n.get("with")))
            : null;
      case IF:
        return new StepBody.If(
            text(n, "if"),
            steps(n.get("then"), ptr + "/then"),
            steps(n.get("else"), ptr + "/else"));
      case SWITCH:
        Map<String, List<Step>> cases = new LinkedHashMap<>();
        JsonNode c = n.get("cases");
        if (c != null && c.isObject()) {
          c.fields()
              .forEachRemaining(
                  e ->
                      cases.put(
                          e.getKey(),
                          steps(e.getValue(), ptr + "/cases/" + Json.pointerToken(e.getKey()))));
        }
        return new StepBody.Switch(
            text(n, "switch"), cases, steps(n.get("default"), ptr + "/default"));
      case FOR_EACH:
        return new StepBody.ForEach(
            text(n, "forEach"),
            n.hasNonNull("as") ? n.get("as").asText() : StepBody.ForEach.DEFAULT_AS,
            n.path("concurrency").asLong(1),
            steps(n.get("do"), ptr + "/do"));
      case PARALLEL:
        List<List<Step>> branches = new ArrayList<>();
        JsonNode b = n.get("parallel");
        if (b != null && b.isArray()) {
          for (int i = 0; i < b.size(); i++) {
            branches.add(steps(b.get(i), ptr + "/parallel/" + i));
          }
        }
        return new StepBody.Parallel(
            branches, "any".equals(text(n, "join")) ? StepBody.Join.ANY : StepBody.Join.ALL);
      case APPROVAL:
        return new StepBody.Approval(approval(n.get("approval")));
      case WAIT:
        JsonNode w = n.get("wait");
        return new StepBody.Wait(text(w, "duration"), text(w, "until"));
      case PLAYBOOK:
        JsonNode version = n.get("version");
        return new StepBody.ChildPlaybook(
            text(n, "playbook"),
            version != null && version.canConvertToLong() ? version.asLong() : null,
            map(n.get("with")));
      case SET:
        return new StepBody.Set(map(n.get("set")));
      case FAIL:
        return new StepBody.Fail(text(n, "fail"));
      default:
        throw new IllegalStateException(kind.toString());
    }
  }

  private ApprovalSpec approval(JsonNode a) {
    if (a == null || !a.isObject()) {
      return new ApprovalSpec(null, null, null, 1, null, null, null, false, null);
    }
    JsonNode approvers = a.path("approvers");
    List<Escalation> escalate = new ArrayList<>();
    a.path("escalate")
        .forEach(
            e ->
                escalate.add(
                    new Escalation(
                        text(e, "after"), strings(e.get("notify")), text(e, "message"))));
    return new ApprovalSpec(
        text(a, "prompt"),
        strings(approvers.get("roles")),
        strings(approvers.get("users")),
        a.path("quorum").asLong(1),
        text(a, "timeout"),
        enumOf(ApprovalSpec.OnTimeout.class, text(a, "onTimeout"), ApprovalSpec.OnTimeout.FAIL),
        enumOf(ApprovalSpec.OnReject.class, text(a, "onReject"), ApprovalSpec.OnReject.CONTINUE),
        a.path("allowSelfApproval").asBoolean(false),
        escalate);
  }

  private RetrySpec retry(JsonNode r) {
    if (r == null || !r.isObject()) {
      return null;
    }
    return new RetrySpec(
        r.hasNonNull("maxAttempts") ? r.get("maxAttempts").asLong() : null,
        text(r, "initialInterval"),
        r.hasNonNull("backoffCoefficient") ? r.get("backoffCoefficient").asDouble() : null,
        text(r, "maximumInterval"),
        strings(r.get("nonRetryable")));
  }

  private OnError onError(JsonNode e, String ptr) {
    if (e == null || e.isNull()) {
      return OnError.FAIL;
    }
    if (e.isArray()) {
      return new OnError(OnError.Mode.HANDLE, steps(e, ptr));
    }
    return "continue".equals(e.asText()) ? OnError.CONTINUE : OnError.FAIL;
  }

  private ActionCall undo(JsonNode u, String ptr) {
    if (u == null || !u.isObject() || !u.path("action").isTextual()) {
      return null;
    }
    return new ActionCall(u.get("action").asText(), map(u.get("with")), ptr);
  }

  private static <E extends Enum<E>> E enumOf(Class<E> type, String text, E fallback) {
    if (text == null) {
      return fallback;
    }
    try {
      return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return fallback; // the schema's enum reports the bad value
    }
  }

  private static String keys(List<StepKind> kinds) {
    return String.join(", ", kinds.stream().map(StepKind::key).toList());
  }

  private static String text(JsonNode n, String field) {
    if (n == null) {
      return null;
    }
    JsonNode v = n.get(field);
    return v != null && v.isValueNode() && !v.isNull() ? v.asText() : null;
  }

  private static List<String> strings(JsonNode n) {
    List<String> out = new ArrayList<>();
    if (n != null && n.isArray()) {
      n.forEach(v -> out.add(v.asText()));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(JsonNode n) {
    return n != null && n.isObject() ? (Map<String, Object>) Json.toJava(n) : new LinkedHashMap<>();
  }
}
