package dev.vigil.playbook.validation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.playbook.catalog.ActionCatalog;
import dev.vigil.playbook.expression.CompiledExpression;
import dev.vigil.playbook.expression.ExpressionException;
import dev.vigil.playbook.expression.Expressions;
import dev.vigil.playbook.expression.Scope;
import dev.vigil.playbook.expression.Template;
import dev.vigil.playbook.json.Json;
import dev.vigil.playbook.model.ActionCall;
import dev.vigil.playbook.model.ApprovalSpec;
import dev.vigil.playbook.model.Durations;
import dev.vigil.playbook.model.OnError;
import dev.vigil.playbook.model.Playbook;
import dev.vigil.playbook.model.PlaybookParser;
import dev.vigil.playbook.model.Step;
import dev.vigil.playbook.model.StepBody;
import dev.vigil.playbook.schema.JsonSchemas;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Validates a playbook definition and reports every problem in one pass: JSON Schema errors,
 * structure (one kind per step), duplicate ids, unknown actions, {@code with} against the action's
 * input schema, expressions that do not compile or read steps that cannot have finished before
 * them, approvals nobody can decide, bad durations and unknown child playbooks. Reading the output
 * of a step that may have been skipped is a warning.
 */
public final class PlaybookValidator {

  private final ActionCatalog catalog;
  private final Predicate<String> playbookExists;
  private final dev.vigil.playbook.integration.ConnectionDirectory connections;
  private final boolean publishing;
  private final List<String> decidingRoles;

  /**
   * @param catalog the action catalog
   * @param playbookExists tells whether a child playbook key can be resolved; null skips that check
   */
  public PlaybookValidator(ActionCatalog catalog, Predicate<String> playbookExists) {
    this(catalog, playbookExists, null, false, ApprovalSpec.DECIDING_ROLES);
  }

  private PlaybookValidator(
      ActionCatalog catalog,
      Predicate<String> playbookExists,
      dev.vigil.playbook.integration.ConnectionDirectory connections,
      boolean publishing,
      List<String> decidingRoles) {
    this.catalog = catalog;
    this.playbookExists = playbookExists;
    this.connections = connections;
    this.publishing = publishing;
    this.decidingRoles = List.copyOf(decidingRoles);
  }

  /**
   * This validator, also checking the connections that actions name against the tenant's: a missing
   * connection is an error when {@code publishing}, a warning otherwise (linting); one of the wrong
   * provider is always an error.
   */
  public PlaybookValidator withConnections(
      dev.vigil.playbook.integration.ConnectionDirectory connections, boolean publishing) {
    return new PlaybookValidator(catalog, playbookExists, connections, publishing, decidingRoles);
  }

  /**
   * This validator, also accepting {@code customRoles} in an approval's {@code approvers.roles}:
   * the tenant's custom roles whose members may decide approvals.
   */
  public PlaybookValidator withDecidingRoles(java.util.Collection<String> customRoles) {
    List<String> roles = new java.util.ArrayList<>(ApprovalSpec.DECIDING_ROLES);
    customRoles.stream().filter(r -> !roles.contains(r)).forEach(roles::add);
    return new PlaybookValidator(catalog, playbookExists, connections, publishing, roles);
  }

  public PlaybookValidator() {
    this(ActionCatalog.bundled(), null);
  }

  public ValidationReport validate(String json) {
    List<Finding> tooLarge = DefinitionLimits.checkText(json);
    if (!tooLarge.isEmpty()) {
      return new ValidationReport(tooLarge, null);
    }
    JsonNode root;
    try {
      root = Json.parse(json);
    } catch (JsonProcessingException e) {
      var loc = e.getLocation();
      String where =
          loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
      Finding f =
          e instanceof StreamConstraintsException
              ? DefinitionLimits.tooDeep(json)
              : Finding.error("", "not valid JSON" + where + ": " + e.getOriginalMessage());
      return new ValidationReport(List.of(f), null);
    }
    return validate(root);
  }

  /**
   * Validates a parsed definition. The size and nesting {@link dev.vigil.playbook.limits.Limits}
   * are checked first; a definition beyond them is reported with those findings only, since the
   * other checks walk the tree recursively and their cost grows with it.
   */
  public ValidationReport validate(JsonNode root) {
    List<Finding> limits = DefinitionLimits.check(root);
    if (!limits.isEmpty()) {
      return new ValidationReport(limits, null);
    }
    Set<Finding> findings = new LinkedHashSet<>(JsonSchemas.checkPlaybook(root));
    PlaybookParser.Parsed parsed = PlaybookParser.parse(root);
    findings.addAll(parsed.findings());
    findings.addAll(new Semantics(parsed.playbook()).check());
    boolean valid = findings.stream().noneMatch(Finding::isError);
    return new ValidationReport(new ArrayList<>(findings), valid ? parsed.playbook() : null);
  }

  private final class Semantics {
    private final Playbook playbook;
    private final List<Finding> out = new ArrayList<>();
    private final Map<String, Placed> byId = new LinkedHashMap<>();
    private final List<Placed> all = new ArrayList<>();
    private final References references = new References(byId, out);
    private final ConnectionChecks connectionChecks =
        new ConnectionChecks(connections, publishing, all, out);

    Semantics(Playbook playbook) {
      this.playbook = playbook;
    }

    List<Finding> check() {
      index(playbook.steps(), "/steps", ListKind.SEQUENCE, List.of(), Scope.ROOT);
      for (Placed p : all) {
        checkStep(p);
      }
      templates(playbook.outputs(), "/outputs", Scope.ROOT, List.of(), false);
      return out;
    }

    private void index(
        List<Step> steps, String listId, ListKind kind, List<Frame> parent, Scope scope) {
      for (int i = 0; i < steps.size(); i++) {
        Step s = steps.get(i);
        List<Frame> frames = new ArrayList<>(parent);
        frames.add(new Frame(listId, i, kind, s));
        Placed placed = new Placed(s, List.copyOf(frames), scope);
        all.add(placed);
        if (byId.putIfAbsent(s.id(), placed) != null) {
          out.add(
              Finding.error(
                  s.pointer() + "/id",
                  "duplicate step id '" + s.id() + "'",
                  "already used at " + byId.get(s.id()).step().pointer() + "; ids must be unique"));
        }
        String p = s.pointer();
        if (s.body() instanceof StepBody.If b) {
          index(b.then(), p + "/then", ListKind.BRANCH, frames, scope);
          index(b.otherwise(), p + "/else", ListKind.BRANCH, frames, scope);
        } else if (s.body() instanceof StepBody.Switch b) {
          b.cases()
              .forEach(
                  (k, v) ->
                      index(
                          v, p + "/cases/" + Json.pointerToken(k), ListKind.BRANCH, frames, scope));
          index(b.defaultCase(), p + "/default", ListKind.BRANCH, frames, scope);
        } else if (s.body() instanceof StepBody.ForEach b) {
          index(b.body(), p + "/do", ListKind.LOOP, frames, scope.with(b.as(), Scope.INDEX));
        } else if (s.body() instanceof StepBody.Parallel b) {
          ListKind k =
              b.join() == StepBody.Join.ANY ? ListKind.PARALLEL_ANY : ListKind.PARALLEL_ALL;
          for (int j = 0; j < b.branches().size(); j++) {
            index(b.branches().get(j), p + "/parallel/" + j, k, frames, scope);
          }
        }
        if (s.onError().mode() == OnError.Mode.HANDLE) {
          index(
              s.onError().handler(),
              p + "/onError",
              ListKind.HANDLER,
              frames,
              scope.with(Scope.ERROR));
        }
      }
    }

    private void checkStep(Placed placed) {
      Step s = placed.step();
      String p = s.pointer();
      Scope scope = placed.scope();
      List<Frame> at = placed.frames();
      duration(s.timeout(), p + "/timeout");
      if (s.retry() != null) {
        duration(s.retry().initialInterval(), p + "/retry/initialInterval");
        duration(s.retry().maximumInterval(), p + "/retry/maximumInterval");
        if (!(s.body() instanceof StepBody.Action)) {
          out.add(Finding.error(p + "/retry", "retry applies to action steps only"));
        }
      }
      expression(s.when(), p + "/when", scope, at, false);
      s.body()
          .accept(
              new StepBody.Visitor<Void>() {
                @Override
                public Void action(StepBody.Action b) {
                  Semantics.this.action(b.action(), b.with(), p, scope, at, false);
                  return null;
                }

                @Override
                public Void ifElse(StepBody.If b) {
                  expression(b.condition(), p + "/if", scope, at, false);
                  return null;
                }

                @Override
                public Void switchCase(StepBody.Switch b) {
                  expression(b.value(), p + "/switch", scope, at, false);
                  return null;
                }

                @Override
                public Void forEach(StepBody.ForEach b) {
                  expression(b.items(), p + "/forEach", scope, at, false);
                  return null;
                }

                @Override
                public Void parallel(StepBody.Parallel b) {
                  return null; // its branches are checked as steps of their own
                }

                @Override
                public Void approval(StepBody.Approval b) {
                  Semantics.this.approval(b.approval(), p + "/approval", scope, at);
                  if (s.timeout() != null) {
                    out.add(
                        Finding.error(
                            p + "/timeout",
                            "a step timeout does not bound an approval",
                            "move it to approval.timeout (with approval.onTimeout)"));
                  }
                  return null;
                }

                @Override
                public Void await(StepBody.Wait b) {
                  duration(b.duration(), p + "/wait/duration");
                  expression(b.until(), p + "/wait/until", scope, at, false);
                  return null;
                }

                @Override
                public Void child(StepBody.ChildPlaybook b) {
                  if (b.playbook() != null && b.playbook().equals(playbook.key())) {
                    out.add(
                        Finding.error(p + "/playbook", "a playbook cannot run itself as a child"));
                  } else if (playbookExists != null
                      && b.playbook() != null
                      && !playbookExists.test(b.playbook())) {
                    out.add(
                        Finding.error(
                            p + "/playbook",
                            "unknown playbook '" + b.playbook() + "'",
                            "publish it first"));
                  }
                  templates(b.with(), p + "/with", scope, at, false);
                  return null;
                }

                @Override
                public Void set(StepBody.Set b) {
                  templates(b.values(), p + "/set", scope, at, false);
                  return null;
                }

                @Override
                public Void fail(StepBody.Fail b) {
                  expression(b.message(), p + "/fail", scope, at, false);
                  return null;
                }
              });
      ActionCall undo = s.undo();
      if (undo != null) {
        action(undo.action(), undo.with(), undo.pointer(), scope, at, true);
      }
    }

    private void action(
        String name,
        Map<String, Object> with,
        String p,
        Scope scope,
        List<Frame> at,
        boolean allowSelf) {
      if (catalog.find(name).isEmpty()) {
        out.add(
            Finding.error(
                p + "/action",
                "unknown action '" + name + "'",
                catalog
                    .closest(name)
                    .map(c -> "did you mean " + c + "?")
                    .orElse("see the action catalog, actions/catalog.json")));
      } else {
        Map<String, String> found = new LinkedHashMap<>();
        collectTemplates(with, p + "/with", found);
        Set<String> templated = found.keySet();
        for (Finding f : catalog.checkInput(name, Json.toNode(with), p + "/with")) {
          boolean onTemplate =
              templated.stream()
                  .anyMatch(t -> f.pointer().equals(t) || f.pointer().startsWith(t + "/"));
          if (!onTemplate) {
            out.add(Finding.error(f.pointer(), f.message(), "see the input schema of " + name));
          }
        }
        connectionChecks.check(catalog.require(name), with, p, at, allowSelf);
      }
      templates(with, p + "/with", scope, at, allowSelf);
    }

    /** The innermost enclosing loop that runs more than one iteration at a time, if any. */
    private void approval(ApprovalSpec a, String p, Scope scope, List<Frame> at) {
      expression(a.prompt(), p + "/prompt", scope, at, false);
      if (a.roles().isEmpty() && a.users().isEmpty()) {
        out.add(
            Finding.error(
                p + "/approvers",
                "approval names no approvers",
                "list roles and/or users who may decide"));
      } else if (a.roles().isEmpty() && a.quorum() > a.users().size()) {
        out.add(
            Finding.error(
                p + "/quorum",
                "quorum "
                    + a.quorum()
                    + " is larger than the "
                    + a.users().size()
                    + " named approver(s)",
                "lower the quorum or add approvers"));
      }
      for (int i = 0; i < a.roles().size(); i++) {
        String role = a.roles().get(i);
        if (!decidingRoles.contains(role)) {
          out.add(
              Finding.error(
                  p + "/approvers/roles/" + i,
                  "no member can decide as '"
                      + role
                      + "': the roles that decide approvals are "
                      + String.join(", ", decidingRoles),
                  Spelling.closest(role, decidingRoles)
                      .map(r -> "did you mean " + r + "?")
                      .orElse("name a deciding role, or the users who decide")));
        }
      }
      duration(a.timeout(), p + "/timeout");
      for (int i = 0; i < a.escalate().size(); i++) {
        ApprovalSpec.Escalation e = a.escalate().get(i);
        String ep = p + "/escalate/" + i;
        duration(e.after(), ep + "/after");
        expression(e.message(), ep + "/message", scope, at, false);
        var after = Durations.parse(e.after());
        var timeout = Durations.parse(a.timeout());
        if (after.isPresent() && timeout.isPresent() && after.get().compareTo(timeout.get()) >= 0) {
          out.add(
              Finding.warning(
                  ep + "/after",
                  "escalation after "
                      + e.after()
                      + " never fires: the approval times out after "
                      + a.timeout(),
                  "escalate before the timeout"));
        }
      }
    }

    private void duration(String text, String pointer) {
      if (text != null && Durations.parse(text).isEmpty()) {
        out.add(Finding.error(pointer, "'" + text + "' is not a duration", Durations.HINT));
      }
    }

    private void collectTemplates(Object value, String pointer, Map<String, String> into) {
      if (value instanceof String s && Template.isTemplate(s)) {
        into.put(pointer, s);
      } else if (value instanceof Map<?, ?> m) {
        m.forEach(
            (k, v) ->
                collectTemplates(v, pointer + "/" + Json.pointerToken(String.valueOf(k)), into));
      } else if (value instanceof List<?> l) {
        for (int i = 0; i < l.size(); i++) {
          collectTemplates(l.get(i), pointer + "/" + i, into);
        }
      }
    }

    private void templates(
        Object value, String pointer, Scope scope, List<Frame> at, boolean allowSelf) {
      Map<String, String> found = new LinkedHashMap<>();
      collectTemplates(value, pointer, found);
      found.forEach((ptr, text) -> expression(text, ptr, scope, at, allowSelf));
    }

    /** Compiles every expression of a template and checks the steps it reads. */
    private void expression(
        String text, String pointer, Scope scope, List<Frame> at, boolean allowSelf) {
      if (text == null || !Template.isTemplate(text)) {
        return;
      }
      List<CompiledExpression> compiled;
      try {
        compiled = Expressions.compileTemplate(text, scope);
      } catch (ExpressionException e) {
        if (e.limit().isPresent()) {
          out.add(Finding.error(pointer, e.getMessage(), "split it into several set steps"));
          return;
        }
        out.add(
            Finding.error(
                pointer,
                "expression '" + e.expression() + "' does not compile: " + e.getMessage(),
                "contexts: inputs, steps.<id>.{output,status,outcome,error}, vars, trigger, run"
                    + (scope.locals().isEmpty()
                        ? ""
                        : "; here also " + String.join(", ", scope.locals()))));
        return;
      }
      for (CompiledExpression c : compiled) {
        c.stepRefs().forEach((id, attrs) -> references.check(id, attrs, pointer, at, allowSelf));
      }
    }
  }
}
