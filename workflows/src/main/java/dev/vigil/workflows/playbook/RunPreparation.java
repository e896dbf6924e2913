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
 * code only interprets what it is given. Pure functions: the API uses {@link #prepare} when it
 * starts a run, and so do workflow-side starters (incidents) through the {@code PrepareRun}
 * activity. Each definition is parsed once.
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
   * The run's inputs are refused: over the size limit (one finding at {@code /inputs}) or not
   * matching the playbook's input schema (pointers under {@code /inputs}).
   */
  public static final class InvalidInputs extends RuntimeException {
    private final List<Finding> findings;

    InvalidInputs(List<Finding> findings) {
      super(findings.get(0).format(), null, false, false);
      this.findings = List.copyOf(findings);
    }

    public List<Finding> findings() {
      return findings;
    }

    /** True when the inputs are too large rather than of the wrong shape. */
    public boolean tooLarge() {
      return findings.size() == 1 && findings.get(0).pointer().equals("/inputs");
    }
  }

  /**
   * Prepares a run of a published playbook: checks the inputs, pins every child playbook
   * (transitively, at its requested or latest version) and the catalog entries of every action they
   * call.
   *
   * @throws InvalidInputs when the inputs are refused
   * @throws UnpublishedChild when a child playbook is not published
   */
  public static StartRunInput prepare(
      ActionCatalog catalog,
      Published published,
      String runId,
      String tenant,
      PinnedPlaybook playbook,
      Map<String, Object> inputs,
      RunMode mode,
      String startedBy,
      Map<String, Object> trigger) {
    try {
      Limits.checkRunInputs(inputs);
    } catch (LimitExceededException e) {
      throw new InvalidInputs(List.of(Finding.error("/inputs", e.getMessage())));
    }
    Playbook main = parse(playbook);
    if (main == null) {
      throw new InvalidInputs(
          List.of(Finding.error("", "playbook " + playbook.key() + " does not parse")));
    }
    List<Finding> bad =
        JsonSchemas.checkInputs(main.inputs(), inputs).stream()
            .map(f -> Finding.error("/inputs" + f.pointer(), f.message()))
            .toList();
    if (!bad.isEmpty()) {
      throw new InvalidInputs(bad);
    }
    Map<String, PinnedPlaybook> children = new LinkedHashMap<>();
    List<Playbook> all = new ArrayList<>(List.of(main));
    pin(main, published, children, all);
    return new StartRunInput(
        runId,
        tenant,
        playbook,
        new ArrayList<>(children.values()),
        inputs,
        mode,
        startedBy,
        trigger,
        actionsOf(catalog, all));
  }

  private static void pin(
      Playbook pb, Published published, Map<String, PinnedPlaybook> pinned, List<Playbook> all) {
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
        Playbook parsed = parse(child);
        if (parsed != null) {
          all.add(parsed);
          pin(parsed, published, pinned, all);
        }
      }
    }
  }

  /**
   * The start input of a run whose children are already pinned (tests, benchmarks), with the
   * actions of the playbook and its children pinned.
   */
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
    List<Playbook> all = new ArrayList<>();
    for (PinnedPlaybook p : concat(playbook, children)) {
      Playbook parsed = parse(p);
      if (parsed != null) { // refused by the validator before any run; such a run fails at once
        all.add(parsed);
      }
    }
    return actionsOf(catalog, all);
  }

  private static List<PinnedPlaybook> concat(PinnedPlaybook first, List<PinnedPlaybook> rest) {
    List<PinnedPlaybook> all = new ArrayList<>(List.of(first));
    all.addAll(rest);
    return all;
  }

  private static List<ActionDefinition> actionsOf(ActionCatalog catalog, List<Playbook> all) {
    Map<String, ActionDefinition> used = new TreeMap<>();
    for (Playbook pb : all) {
      for (Step s : Step.flatten(pb.steps())) {
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
