package dev.vigil.workflows.incident;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Determinism guard: every history in {@code src/test/resources/histories-incident} must replay on
 * today's incident workflow. Re-record with {@code mvn verify -pl workflows -am
 * -Dtest=IncidentReplayTest -Dvigil.recordHistories=true} only when a change is meant to be
 * incompatible (and then put it behind {@code Workflow.getVersion}); recorded histories are kept.
 */
class IncidentReplayTest {

  static final Path DIR = Path.of("src/test/resources/histories-incident");

  /** Recorded scenario → the incident whose (first) execution is kept. */
  static final Map<String, String> SCENARIOS =
      Map.of(
          "sla-warning-breach", "i2",
          "sla-pause-resume", "i3",
          "lifecycle-refusals-close", "i5",
          "reopen-by-alert", "i6",
          "merged-away", "dup",
          "responses-start-runs", "i7",
          "continued-as-new", "can",
          "task-runs-playbook", "t1");

  static Stream<Path> histories() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(DIR)) {
      files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(files)
        .extracting(p -> p.getFileName().toString().replace(".json", ""))
        .containsAll(SCENARIOS.keySet());
    return files.stream();
  }

  @ParameterizedTest
  @MethodSource("histories")
  void replaysRecordedHistory(Path history) throws Exception {
    WorkflowReplayer.replayWorkflowExecution(
        WorkflowExecutionHistory.fromJson(Files.readString(history)), IncidentWorkflowImpl.class);
  }

  @Test
  @EnabledIfSystemProperty(named = "vigil.recordHistories", matches = "true")
  void recordHistories() throws IOException {
    Files.createDirectories(DIR);
    record(
        "sla-warning-breach",
        t -> t.warnsAt80PercentThenBreachesRaisesSeverityReassignsAndNotifies());
    record("sla-pause-resume", IncidentWorkflowTest::pausingStopsTheClockAndTheHistoryShowsIt);
    record(
        "lifecycle-refusals-close",
        t -> t.refusesIllegalTransitionsViewersOtherTenantsAndClosingWithOpenMandatoryTasks());
    record("reopen-by-alert", IncidentWorkflowTest::anAlertAfterResolutionReopensTheIncident);
    record(
        "merged-away",
        IncidentWorkflowTest::mergeClosesTheAbsorbedAsDuplicateAndTheSurvivorTakesItsContent);
    record(
        "responses-start-runs",
        IncidentWorkflowTest::theResponsePolicyStartsItsPlaybookOnceWithInputsFromTheIncident);
    record("continued-as-new", IncidentWorkflowTest::continuesAsNewKeepingItsStateAndClocks);
    record(
        "task-runs-playbook",
        IncidentWorkflowTest::aTasksPlaybookRunsWhenAnAnalystAsksStartedByThemAndLinkedToTheTask);
  }

  private static void record(
      String name, java.util.function.Consumer<IncidentWorkflowTest> scenario) throws IOException {
    Path file = DIR.resolve(name + ".json");
    if (Files.exists(file)) {
      return;
    }
    IncidentWorkflowTest t = new IncidentWorkflowTest();
    t.start();
    try {
      scenario.accept(t);
      String workflowId = OpenIncident.workflowId(IncidentWorkflowTest.TENANT, SCENARIOS.get(name));
      var history = t.client.fetchHistory(workflowId, t.firstRuns.get(SCENARIOS.get(name)));
      Files.writeString(file, history.toJson(true));
    } finally {
      t.stop();
    }
  }
}
