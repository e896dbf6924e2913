package dev.vigil.workflows.playbook;

import dev.vigil.playbook.catalog.ActionCatalog;
import dev.vigil.playbook.catalog.ActionDefinition;
import dev.vigil.playbook.json.Json;
import dev.vigil.playbook.limits.LimitExceededException;
import dev.vigil.playbook.limits.Limits;
import dev.vigil.playbook.model.Playbook;
import dev.vigil.playbook.model.PlaybookParser;
import dev.vigil.playbook.model.Step;
import dev.vigil.playbook.model.StepBody;
import dev.vigil.playbook.schema.JsonSchemas;
import dev.vigil.playbook.validation.Finding;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What is decided before a run starts and pinned into its {@link StartRunInput}, so that workflow
 * code only interprets what it is given. Pure functions: the API uses them when it starts a run,
 * and so can workflow-side starters (incidents) through an activity.
 */
public final class RunPreparation {

  private RunPreparation() {}

  /** Finds a published playbook version: the latest when {@code version} is null. */
  @FunctionalInterface
  public interface Published {
    Optional<PinnedPlaybook> find(String key, Integer version);
  }

  /** A child playbook the definition runs is not published (at {@code pointer} of its parent). */
  public static final class UnpublishedChild extends RuntimeException {
    private final String pointer;

    UnpublishedChild(String message, String pointer) {
      super(message, null, false, false);
      this.pointer = pointer;
    }

    public String pointer() {
      return pointer;
    }
  }

  /**
   * Pins every child playbook the definition runs, transitively, at its requested or latest
   * version.
   *
   * @throws UnpublishedChild when one is not published
   */
  public static List<PinnedPlaybook> pinChildren(PinnedPlaybook playbook, Published published) {
    Map<String, PinnedPlaybook> pinned = new LinkedHashMap<>();
    pin(playbook, published, pinned);
    return new ArrayList<>(pinned.values());
  }

  private static void pin(
      PinnedPlaybook playbook, Published published, Map<String, PinnedPlaybook> pinned) {
    Playbook pb = parse(playbook);
    if (pb == null) {
      return;
    }
    for (Step s : Step.flatten(pb.steps())) {
      if (s.body() instanceof StepBody.ChildPlaybook c && !pinned.containsKey(c.playbook())) {
        Integer version = c.version() == null ? null : c.version().intValue();
        PinnedPlaybook child =
            published
                .find(c.playbook(), version)
                .orElseThrow(
                    () ->
                        new UnpublishedChild(
                            "child playbook '"
                                + c.playbook()
                                + "'"
                                + (version == null ? "" : " v" + version)
                                + " (at "
                                + s.pointer()
                                + ") is not published",
                            s.pointer() + "/playbook"));
        pinned.put(c.playbook(), child);
        pin(child, published, pinned);
      }
    }
  }

  /**
   * What is wrong with a run's inputs: over the size limit, or not matching the playbook's input
   * schema; pointers under {@code /inputs}. Empty when they are fine.
   */
  public static List<Finding> checkInputs(PinnedPlaybook playbook, Map<String, Object> inputs) {
    try {
      Limits.checkRunInputs(inputs);
    } catch (LimitExceededException e) {
      return List.of(Finding.error("/inputs", e.getMessage()));
    }
    Playbook pb = parse(playbook);
    if (pb == null) {
      return List.of(Finding.error("", "playbook " + playbook.key() + " does not parse"));
    }
    return JsonSchemas.checkInputs(pb.inputs(), inputs).stream()
        .map(f -> Finding.error("/inputs" + f.pointer(), f.message()))
        .toList();
  }

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
