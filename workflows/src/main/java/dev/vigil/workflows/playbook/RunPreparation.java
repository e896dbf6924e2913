package dev.vigil.workflows.playbook;

import dev.vigil.playbook.catalog.ActionCatalog;
import dev.vigil.playbook.catalog.ActionDefinition;
import dev.vigil.playbook.json.Json;
import dev.vigil.playbook.model.Playbook;
import dev.vigil.playbook.model.PlaybookParser;
import dev.vigil.playbook.model.Step;
import dev.vigil.playbook.model.StepBody;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What is decided before a run starts and pinned into its {@link StartRunInput}, so that workflow
 * code only interprets what it is given. Pure functions: the API uses them when it starts a run,
 * and so can workflow-side starters (incidents) through an activity.
 */
public final class RunPreparation {

  private RunPreparation() {}

  /** The start input of a run, with the actions of the playbook and its children pinned. */
  public static StartRunInput input(
      ActionCatalog catalog,
      String runId,
      String tenant,
      PinnedPlaybook playbook,
      List<PinnedPlaybook> children,
      Map<String, Object> inputs,
      RunMode mode,
      String startedBy,
      Map<String, Object> trigger) {
    return new StartRunInput(
        runId,
        tenant,
        playbook,
        children,
        inputs,
        mode,
        startedBy,
        trigger,
        pinActions(catalog, playbook, children));
  }

  /**
   * The catalog entries of every action (and undo action) the playbook and its children call,
   * without their schemas, ordered by name. An action the catalog lacks is left out (the validator
   * refuses such definitions at publish time; a run that has one fails at that step).
   */
  public static List<ActionDefinition> pinActions(
      ActionCatalog catalog, PinnedPlaybook playbook, List<PinnedPlaybook> children) {
    Map<String, ActionDefinition> used = new TreeMap<>();
    List<PinnedPlaybook> all = new ArrayList<>();
    all.add(playbook);
    all.addAll(children);
    for (PinnedPlaybook p : all) {
      Playbook parsed = parse(p);
      if (parsed == null) {
        continue; // refused by the validator before any run; a run that has it fails at once
      }
      for (Step s : Step.flatten(parsed.steps())) {
        if (s.body() instanceof StepBody.Action a) {
          catalog.find(a.action()).ifPresent(d -> used.put(d.name(), d.pinned()));
        }
        if (s.undo() != null) {
          catalog.find(s.undo().action()).ifPresent(d -> used.put(d.name(), d.pinned()));
        }
      }
    }
    return List.copyOf(used.values());
  }

  private static Playbook parse(PinnedPlaybook p) {
    try {
      PlaybookParser.Parsed parsed = PlaybookParser.parse(Json.parse(p.definition()));
      return parsed.findings().isEmpty() ? parsed.playbook() : null;
    } catch (IOException e) {
      return null;
    }
  }
}
