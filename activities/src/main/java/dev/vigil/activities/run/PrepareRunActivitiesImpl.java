package dev.vigil.activities.run;

import dev.vigil.playbook.catalog.ActionCatalog;
import dev.vigil.playbook.json.Json;
import dev.vigil.playbook.validation.Finding;
import dev.vigil.store.playbook.PlaybookRepository;
import dev.vigil.workflows.playbook.PinnedPlaybook;
import dev.vigil.workflows.playbook.PrepareRunActivities;
import dev.vigil.workflows.playbook.PrepareRunRequest;
import dev.vigil.workflows.playbook.RunPreparation;
import dev.vigil.workflows.playbook.StartRunInput;
import dev.vigil.workflows.system.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Prepares runs from the store, with the same functions as the API ({@link RunPreparation}). */
public class PrepareRunActivitiesImpl implements PrepareRunActivities {

  private final PlaybookRepository playbooks;
  private final ActionCatalog catalog;
  private final Function<String, Optional<String>> planRefusal;

  /**
   * @param planRefusal why the tenant's plan refuses one more run now (its runs per month), or
   *     empty
   */
  public PrepareRunActivitiesImpl(
      PlaybookRepository playbooks,
      ActionCatalog catalog,
      Function<String, Optional<String>> planRefusal) {
    this.playbooks = playbooks;
    this.catalog = catalog;
    this.planRefusal = planRefusal;
  }

  @Override
  public StartRunInput prepare(PrepareRunRequest r) {
    PinnedPlaybook playbook =
        find(r.tenant(), r.playbook(), r.version())
            .orElseThrow(
                () ->
                    refuse(
                        FailureTypes.INVALID_DEFINITION,
                        "no playbook '"
                            + r.playbook()
                            + "'"
                            + (r.version() == null ? "" : " v" + r.version())
                            + " in tenant "
                            + r.tenant()));
    Optional<String> overPlan = planRefusal.apply(r.tenant());
    if (overPlan.isPresent()) {
      throw refuse(FailureTypes.PLAN_LIMIT, overPlan.get());
    }
    Map<String, Object> inputs = r.inputs() == null ? Map.of() : Json.normalizeMap(r.inputs());
    try {
      return RunPreparation.prepare(
          catalog,
          (k, v) -> find(r.tenant(), k, v),
          r.runId(),
          r.tenant(),
          playbook,
          inputs,
          r.mode(),
          r.startedBy(),
          r.trigger());
    } catch (RunPreparation.InvalidInputs e) {
      throw refuse(
          FailureTypes.INVALID_RUN_INPUTS,
          e.findings().stream().map(Finding::format).collect(Collectors.joining("; ")));
    } catch (RunPreparation.UnpublishedChild e) {
      throw refuse(FailureTypes.INVALID_DEFINITION, e.getMessage());
    }
  }

  private Optional<PinnedPlaybook> find(String tenant, String key, Integer version) {
    return playbooks
        .find(tenant, key, version)
        .map(v -> new PinnedPlaybook(v.key(), v.version(), v.definition()));
  }

  private static ApplicationFailure refuse(String type, String message) {
    return ApplicationFailure.newNonRetryableFailure(message, type);
  }
}
