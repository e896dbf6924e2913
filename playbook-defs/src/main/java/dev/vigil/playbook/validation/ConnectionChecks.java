package dev.vigil.playbook.validation;

import dev.vigil.playbook.catalog.ActionDefinition;
import dev.vigil.playbook.expression.Template;
import dev.vigil.playbook.integration.ConnectionDirectory;
import dev.vigil.playbook.integration.Providers;
import dev.vigil.playbook.json.Json;
import dev.vigil.playbook.model.ApprovalSpec;
import dev.vigil.playbook.model.Step;
import dev.vigil.playbook.model.StepBody;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The checks of an action that calls through a connection ({@link ActionDefinition.ConnectionUse}):
 *
 * <ul>
 *   <li>{@code with.connection} names a connection of the tenant, of the action's provider. A
 *       missing one is an error when publishing and a warning when linting (it may be added before
 *       the playbook is published); one of another provider is always an error.
 *   <li>A step whose fan-out list (e.g. the agents of an active response) may be longer than the
 *       connection's blast radius — or whose length is only known when it runs — must be gated by
 *       an approval: an earlier approval in one of its enclosing step lists that does not approve
 *       on timeout and either fails the run when rejected ({@code onReject: fail}) or whose outcome
 *       the step's {@code when} (or an {@code if} whose {@code then} holds it) requires to be
 *       approved ({@code steps.<id>.outcome == 'approved'}).
 * </ul>
 */
final class ConnectionChecks {

  private final ConnectionDirectory directory;
  private final boolean publishing;
  private final List<Placed> all;
  private final List<Finding> out;

  /**
   * @param directory the tenant's connections, or null when they are unknown (the command-line
   *     linter): existence is then not checked
   * @param publishing a missing connection is an error, not a warning
   */
  ConnectionChecks(
      ConnectionDirectory directory, boolean publishing, List<Placed> all, List<Finding> out) {
    this.directory = directory;
    this.publishing = publishing;
    this.all = all;
    this.out = out;
  }

  void check(
      ActionDefinition def, Map<String, Object> with, String p, List<Frame> at, boolean undo) {
    ActionDefinition.ConnectionUse use = def.connection();
    if (use == null || with == null) {
      return;
    }
    Optional<ConnectionDirectory.Entry> entry = connection(use, with, p + "/with/connection");
    if (use.fanOut() == null || undo) {
      // an undo runs on rollback, after the step it reverses was allowed to run
      return;
    }
    Object targets = with.get(use.fanOut());
    Integer count = targets instanceof List<?> l ? l.size() : null;
    int limit = limit(use, entry);
    if (count != null && count <= limit) {
      return;
    }
    if (gated(at)) {
      return;
    }
    String reach =
        count == null
            ? "its " + use.fanOut() + " are only known when it runs"
            : "it reaches " + count + " " + use.fanOut();
    out.add(
        Finding.error(
            p + "/with/" + Json.pointerToken(use.fanOut()),
            def.name()
                + " may reach more than the connection's "
                + use.limitSetting()
                + " of "
                + limit
                + " ("
                + reach
                + ") without an approval before it",
            "put an approval step before it (onReject: fail, or test steps.<approval>.outcome in"
                + " its when) and no onTimeout: approve"));
  }

  private Optional<ConnectionDirectory.Entry> connection(
      ActionDefinition.ConnectionUse use, Map<String, Object> with, String pointer) {
    if (!(with.get(ActionDefinition.ConnectionUse.FIELD) instanceof String name)
        || Template.isTemplate(name)
        || directory == null) {
      return Optional.empty();
    }
    Optional<ConnectionDirectory.Entry> entry = directory.find(name);
    if (entry.isEmpty()) {
      String message = "there is no connection '" + name + "' in this tenant";
      String hint =
          "add a "
              + use.provider()
              + " connection named "
              + name
              + " under Settings → Integrations";
      out.add(
          publishing
              ? Finding.error(pointer, message, hint)
              : Finding.warning(pointer, message, hint));
    } else if (!entry.get().provider().equals(use.provider())) {
      out.add(
          Finding.error(
              pointer,
              "connection '"
                  + name
                  + "' is a "
                  + entry.get().provider()
                  + " connection; this action needs a "
                  + use.provider()
                  + " one",
              "name a " + use.provider() + " connection"));
      return Optional.empty();
    }
    return entry;
  }

  /** The connection's limit, else the provider's default for it, else 1. */
  private static int limit(
      ActionDefinition.ConnectionUse use, Optional<ConnectionDirectory.Entry> entry) {
    if (use.limitSetting() == null) {
      return Integer.MAX_VALUE;
    }
    Object v = entry.map(e -> e.config().get(use.limitSetting())).orElse(null);
    if (v instanceof Number n) {
      return n.intValue();
    }
    return Providers.get(use.provider())
        .map(pr -> pr.config().path("properties").path(use.limitSetting()).path("default"))
        .filter(d -> d.canConvertToInt())
        .map(d -> d.asInt())
        .orElse(1);
  }

  /** Whether an earlier approval around the step stops it unless someone approved. */
  private boolean gated(List<Frame> at) {
    for (Placed candidate : all) {
      if (!(candidate.step().body() instanceof StepBody.Approval a)) {
        continue;
      }
      Frame own = candidate.frames().get(candidate.frames().size() - 1);
      boolean before =
          at.stream().anyMatch(f -> f.listId().equals(own.listId()) && own.index() < f.index());
      if (!before || a.approval().onTimeout() == ApprovalSpec.OnTimeout.APPROVE) {
        continue;
      }
      if (a.approval().onReject() == ApprovalSpec.OnReject.FAIL
          || testsOutcome(at, candidate.step().id())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the step's {@code when}, or the condition of an {@code if} whose {@code then} holds it,
   * requires {@code steps.<id>.outcome == 'approved'}.
   */
  private static boolean testsOutcome(List<Frame> at, String approvalId) {
    java.util.regex.Pattern approved =
        java.util.regex.Pattern.compile(
            "steps\\."
                + java.util.regex.Pattern.quote(approvalId)
                + "\\.outcome\\s*==\\s*['\"]approved['\"]");
    for (int k = 0; k < at.size(); k++) {
      Step s = at.get(k).step();
      if (s.when() != null && approved.matcher(s.when()).find()) {
        return true;
      }
      boolean inThen = k + 1 < at.size() && at.get(k + 1).listId().equals(s.pointer() + "/then");
      if (inThen
          && s.body() instanceof StepBody.If i
          && i.condition() != null
          && approved.matcher(i.condition()).find()) {
        return true;
      }
    }
    return false;
  }
}
