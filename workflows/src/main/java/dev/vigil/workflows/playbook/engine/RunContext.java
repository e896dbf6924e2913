package dev.vigil.workflows.playbook.engine;

import dev.vigil.playbook.catalog.ActionCatalog;
import dev.vigil.playbook.catalog.ActionDefinition;
import dev.vigil.playbook.model.Playbook;
import dev.vigil.playbook.model.Step;
import dev.vigil.workflows.playbook.PinnedPlaybook;
import dev.vigil.workflows.playbook.RunStatus;
import dev.vigil.workflows.playbook.StartRunInput;
import dev.vigil.workflows.playbook.StepError;
import dev.vigil.workflows.system.FailureTypes;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The state one run (or one loop slice of it) shares between the engine's parts: the parsed
 * definition, step records, variables and the run's identity. Package-private: only the engine's
 * parts touch it, all on the workflow thread.
 */
final class RunContext {

  /** The behaviour-change id of this engine generation ({@link RunHost#version}). */
  static final String ENGINE_CHANGE = "vigil-engine";

  /**
   * Current engine generation. 1: parse-only workflows, URL-safe ids, per-iteration approvals (runs
   * before it are {@link #legacy}). 2: an approval's deciding vote, its close and its step's end
   * are projected in one write.
   */
  static final int CURRENT = 2;

  /** The generation that ended the legacy behaviour. */
  static final int HARDENED = 1;

  /** The generation from which a decided approval is projected with its step's end. */
  static final int ONE_WRITE_APPROVALS = 2;

  final RunHost host;
  final StartRunInput input;
  final Map<String, PinnedPlaybook> children = new LinkedHashMap<>();
  final Map<String, StepRecord> records = new LinkedHashMap<>();
  final Map<String, Step> stepsById = new LinkedHashMap<>();
  final Map<String, Integer> positions = new LinkedHashMap<>();
  final Map<String, Object> vars = new LinkedHashMap<>();
  final Map<String, Object> runInfo = new LinkedHashMap<>();
  private final Map<String, ActionDefinition> actions = new LinkedHashMap<>();

  /** This workflow's own id (the run's, or the slice's). */
  final String workflowId;

  /** The run workflow that owns approvals and projection; equal to workflowId outside slices. */
  final String runWorkflowId;

  Playbook playbook;
  StepError definitionError;

  /** The generation this run started on ({@link RunHost#LEGACY} before any); set at its start. */
  int version = CURRENT;

  RunStatus status = RunStatus.RUNNING;

  RunContext(RunHost host, StartRunInput input, String workflowId, String runWorkflowId) {
    this.host = host;
    this.input = input;
    this.workflowId = workflowId;
    this.runWorkflowId = runWorkflowId;
    input.children().forEach(c -> children.put(c.key(), c));
    if (input.actions() != null) {
      input.actions().forEach(a -> actions.put(a.name(), a));
    }
    runInfo.put("id", input.runId());
    runInfo.put("tenant", input.tenant());
    runInfo.put("playbook", input.playbook().key());
    runInfo.put("version", input.playbook().version());
    runInfo.put("mode", input.mode().key());
    runInfo.put("startedBy", input.startedBy());
  }

  boolean inSlice() {
    return !workflowId.equals(runWorkflowId);
  }

  boolean legacy() {
    return version < HARDENED;
  }

  void use(Playbook parsed) {
    playbook = parsed;
    register(parsed.steps());
  }

  private void register(List<Step> steps) {
    for (Step s : steps) {
      stepsById.put(s.id(), s);
      records.put(s.id(), new StepRecord(s.id(), s.kind().key()));
      positions.put(s.id(), positions.size());
      s.childLists().forEach(this::register);
    }
  }

  /**
   * The catalog entry of an action, as the run pinned it. Runs started before actions were pinned
   * read today's bundled catalog.
   */
  ActionDefinition action(String name, String pointer) {
    if (input.actions() == null) {
      return ActionCatalog.bundled().require(name);
    }
    ActionDefinition def = actions.get(name);
    if (def == null) {
      throw StepFailure.at(
          FailureTypes.INVALID_DEFINITION,
          "action '" + name + "' was not pinned when the run started (unknown to the catalog)",
          pointer);
    }
    return def;
  }

  /** Entries {@code steps.<id>} for steps that have not run yet. */
  Map<String, Object> pendingEntries(List<Step> steps) {
    Map<String, Object> m = new LinkedHashMap<>();
    collectIds(steps, id -> m.put(id, StepRecord.pendingEntry()));
    return m;
  }

  static void collectIds(List<Step> steps, Consumer<String> f) {
    for (Step s : steps) {
      f.accept(s.id());
      s.childLists().forEach(l -> collectIds(l, f));
    }
  }

  /** The run id of a child playbook started at {@code key} (URL-safe: no '/'). */
  String childRunId(String key) {
    return input.runId() + (legacy() ? "/" : ".") + key;
  }

  /** The key of an approval (or child) at {@code stepId} inside {@code ctx}. */
  String keyOf(Ctx ctx, String stepId) {
    return ctx.path() + stepId;
  }

  /** The iteration segment of a loop's path. */
  String iterationSegment(String stepId, long index) {
    return legacy() ? stepId + "[" + index + "]/" : stepId + "." + index + ".";
  }

  String now() {
    return iso(host.now());
  }

  static String iso(long millis) {
    return Instant.ofEpochMilli(millis).toString();
  }
}
