package dev.vigil.workflows.playbook;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.client.WorkflowClient;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Determinism guard: every history recorded in {@code src/test/resources/histories} must replay on
 * today's workflow code. Re-record with {@code mvn test -pl workflows -am
 * -Dtest=PlaybookRunReplayTest -Dvigil.recordHistories=true} only when a change is meant to be
 * incompatible (and then put it behind {@code Workflow.getVersion}).
 */
class PlaybookRunReplayTest {

  static final Path DIR = Path.of("src/test/resources/histories");

  static Stream<Path> histories() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(DIR)) {
      files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(files).as("recorded histories").hasSizeGreaterThanOrEqualTo(4);
    return files.stream();
  }

  @ParameterizedTest
  @MethodSource("histories")
  void replaysRecordedHistory(Path history) throws Exception {
    WorkflowReplayer.replayWorkflowExecution(
        WorkflowExecutionHistory.fromJson(Files.readString(history), workflowId(history)),
        PlaybookRunWorkflowImpl.class,
        ForEachSliceWorkflowImpl.class);
  }

  /**
   * File name {@code <scenario>@<runId>.json} for a run; {@code <scenario>@<workflow id with '~'
   * for '/'>.json} for a loop slice.
   */
  static String workflowId(Path history) {
    String name = history.getFileName().toString();
    String id = name.substring(name.indexOf('@') + 1, name.length() - ".json".length());
    return id.contains("~") ? id.replace('~', '/') : StartRunInput.workflowId("acme", id);
  }

  @Test
  void theRecordedHistoriesCoverEveryStepKindAndLoopSlices() throws Exception {
    List<String> names;
    try (Stream<Path> s = Files.list(DIR)) {
      names = s.map(p -> p.getFileName().toString()).toList();
    }
    assertThat(names)
        .contains(
            "every-kind@kinds.json",
            "every-kind@run~acme~kinds~each~slice-0.json",
            "every-kind@run~acme~kinds~each~slice-1.json");
    java.util.Set<dev.vigil.playbook.model.StepKind> kinds =
        java.util.EnumSet.noneOf(dev.vigil.playbook.model.StepKind.class);
    for (String name : names) {
      dev.vigil.playbook.model.PlaybookParser.parseValid(
              dev.vigil.playbook.json.Json.parse(definition(DIR.resolve(name))))
          .steps()
          .forEach(
              st ->
                  dev.vigil.playbook.model.Step.flatten(List.of(st))
                      .forEach(x -> kinds.add(x.kind())));
    }
    assertThat(kinds).containsExactlyInAnyOrder(dev.vigil.playbook.model.StepKind.values());
  }

  /** The playbook definition a recorded run (or slice) was started with. */
  static String definition(Path history) throws Exception {
    String input =
        WorkflowExecutionHistory.fromJson(Files.readString(history), workflowId(history))
            .getEvents()
            .get(0)
            .getWorkflowExecutionStartedEventAttributes()
            .getInput()
            .getPayloads(0)
            .getData()
            .toStringUtf8();
    com.fasterxml.jackson.databind.JsonNode root = dev.vigil.playbook.json.Json.parse(input);
    com.fasterxml.jackson.databind.JsonNode run = root.has("run") ? root.get("run") : root;
    return run.path("playbook").path("definition").asText();
  }

  /**
   * A run recorded when its definition was valid keeps replaying after a validator rule that
   * refuses it: the workflow only parses what it was given ("soc-lead" is no role of Vigil's).
   */
  @Test
  void aDefinitionTodaysValidatorRefusesStillReplays() throws Exception {
    Path history = DIR.resolve("approver-role-since-refused@legacy-role.json");
    assertThat(
            new dev.vigil.playbook.validation.PlaybookValidator(
                    dev.vigil.playbook.catalog.ActionCatalog.bundled(), null)
                .validate(definition(history))
                .valid())
        .as("today's validator refuses the recorded definition")
        .isFalse();
    replaysRecordedHistory(history);
  }

  static final ScriptedActions actions = new ScriptedActions();

  @RegisterExtension
  static final TestWorkflowExtension temporal =
      Runs.temporal(actions, new RecordingNotifications());

  @Test
  @EnabledIfSystemProperty(named = "vigil.recordHistories", matches = "true")
  void recordHistories(TestWorkflowEnvironment env, WorkflowClient client, Worker worker)
      throws IOException {
    String q = worker.getTaskQueue();

    String approval =
        PlaybookRunWorkflowTest.APPROVAL.formatted(
            "\"quorum\": 2, \"timeout\": \"4h\", \"escalate\": [{\"after\": \"30m\", \"notify\": [\"role:soc-lead\"]}]");
    PlaybookRunWorkflow a =
        Runs.start(
            client, q, Runs.input("approval", approval, Map.of("ip", "203.0.113.5"), RunMode.LIVE));
    PlaybookRunWorkflowTest.awaitState(a, s -> s.status() == RunStatus.WAITING_APPROVAL);
    env.sleep(Duration.ofMinutes(40));
    a.decide(new ApprovalDecision("acme", "ok", "approve", "bob", List.of("analyst"), "yes"));
    a.decide(new ApprovalDecision("acme", "ok", "approve", "carol", List.of("analyst"), null));
    Runs.result(a);
    save(client, "approval", "approval-quorum-escalation");

    // engine generation 2: the deciding vote, the close and the step's end in one write
    PlaybookRunWorkflow a2 =
        Runs.start(
            client,
            q,
            Runs.input("approval2", approval, Map.of("ip", "203.0.113.5"), RunMode.LIVE));
    PlaybookRunWorkflowTest.awaitState(a2, s -> s.status() == RunStatus.WAITING_APPROVAL);
    a2.decide(new ApprovalDecision("acme", "ok", "approve", "bob", List.of("analyst"), "yes"));
    a2.decide(new ApprovalDecision("acme", "ok", "reject", "carol", List.of("analyst"), "no"));
    Runs.result(a2);
    save(client, "approval2", "approval-one-write");

    String flow =
        """
        {"key": "flow", "title": "Flow", "steps": [
          {"id": "s", "set": {"hosts": "${{ inputs.hosts }}"}},
          {"id": "each", "forEach": "${{ vars.hosts }}", "concurrency": 2, "do": [
            {"id": "scan", "action": "core.echo", "with": {"h": "${{ item }}"}}]},
          {"id": "fan", "join": "any", "parallel": [
            [{"id": "fast", "action": "core.echo", "with": {"x": 1}}],
            [{"id": "nap", "wait": {"duration": "1h"}}]]},
          {"id": "pick", "if": "${{ size(steps.each.output) > 2 }}",
           "then": [{"id": "sub", "playbook": "child-pb", "with": {"n": 2}}],
           "else": [{"id": "none", "action": "core.log", "with": {"message": "few"}}]},
          {"id": "oops", "fail": "stop", "onError": [{"id": "handled", "action": "core.log", "with": {"message": "${{ error.message }}"}}]}
        ]}
        """;
    String child =
        "{\"key\": \"child-pb\", \"title\": \"c\", \"steps\": [{\"id\": \"c\", \"action\": \"core.echo\", \"with\": {\"n\": \"${{ inputs.n }}\"}}]}";
    Runs.result(
        Runs.start(
            client,
            q,
            Runs.input(
                "flow",
                flow,
                Map.of("hosts", List.of("a", "b", "c")),
                RunMode.LIVE,
                new PinnedPlaybook("child-pb", 1, child))));
    save(client, "flow", "control-flow");

    String rollback =
        """
        {"key": "rollback", "title": "Rollback", "rollbackOnFailure": true, "steps": [
          {"id": "one", "action": "http.request", "with": {"method": "POST", "url": "https://x.example.com/a"},
           "undo": {"action": "http.request", "with": {"method": "DELETE", "url": "https://x.example.com/a"}}},
          {"id": "two", "action": "core.echo", "with": {"failTimes": 1}, "retry": {"maxAttempts": 2, "initialInterval": "1s"}},
          {"id": "boom", "fail": "failing on purpose"}
        ]}
        """;
    Runs.result(Runs.start(client, q, Runs.input("rollback", rollback, Map.of(), RunMode.LIVE)));
    save(client, "rollback", "rollback-on-failure");

    String cancel =
        """
        {"key": "cancel-me", "title": "Cancel", "steps": [
          {"id": "one", "action": "core.echo", "with": {}, "undo": {"action": "core.log", "with": {"message": "undo"}}},
          {"id": "ok", "approval": {"prompt": "go?", "approvers": {"users": ["bob"]}}}
        ]}
        """;
    PlaybookRunWorkflow c =
        Runs.start(client, q, Runs.input("cancel", cancel, Map.of(), RunMode.LIVE));
    PlaybookRunWorkflowTest.awaitState(c, s -> s.status() == RunStatus.WAITING_APPROVAL);
    c.cancel(new CancelRequest(true, "bob", "test"));
    Runs.result(c);
    save(client, "cancel", "cancel-with-rollback");

    String kinds =
        """
        {"key": "kinds", "title": "Every kind", "steps": [
          {"id": "s", "set": {"hosts": "${{ inputs.hosts }}"}},
          {"id": "each", "forEach": "${{ vars.hosts }}", "concurrency": 4, "do": [
            {"id": "look", "action": "core.echo", "with": {"h": "${{ item }}"}},
            {"id": "gate", "when": "${{ index == 255 }}",
             "approval": {"prompt": "Go on after ${{ item }}?", "approvers": {"roles": ["analyst"]}}},
            {"id": "sub", "when": "${{ index == 259 }}", "playbook": "child-pb", "with": {"n": "${{ index }}"}},
            {"id": "tally", "set": {"last": "${{ item }}"}}]},
          {"id": "fan", "join": "all", "parallel": [
            [{"id": "nap", "wait": {"duration": "10m"}}],
            [{"id": "route", "switch": "${{ vars.last }}", "cases": {"h259": [
              {"id": "hit", "action": "core.log", "with": {"message": "last"}}]},
             "default": [{"id": "miss", "action": "core.log", "with": {"message": "other"}}]}]]},
          {"id": "pick", "if": "${{ size(steps.each.output) == 260 }}",
           "then": [{"id": "ok", "approval": {"prompt": "Block?", "approvers": {"roles": ["analyst"]}}}]},
          {"id": "block", "action": "http.request", "with": {"method": "POST", "url": "https://fw.example.com/b"},
           "undo": {"action": "http.request", "with": {"method": "DELETE", "url": "https://fw.example.com/b"}}},
          {"id": "oops", "fail": "stop", "onError": [{"id": "handled", "action": "core.log", "with": {"message": "${{ error.message }}"}}]}
        ]}
        """;
    List<String> hosts = java.util.stream.IntStream.range(0, 260).mapToObj(i -> "h" + i).toList();
    PlaybookRunWorkflow k =
        Runs.start(
            client,
            q,
            Runs.input(
                "kinds",
                kinds,
                Map.of("hosts", hosts),
                RunMode.LIVE,
                new PinnedPlaybook("child-pb", 1, child)));
    PlaybookRunWorkflowTest.awaitState(k, s -> s.approvals().size() == 1);
    k.decide(
        new ApprovalDecision("acme", "each.255.gate", "approve", "bob", List.of("analyst"), null));
    env.sleep(Duration.ofMinutes(11)); // the parallel branch's wait
    PlaybookRunWorkflowTest.awaitState(
        k, s -> s.approvals().size() == 1 && s.approvals().get(0).stepId().equals("ok"));
    k.decide(new ApprovalDecision("acme", "ok", "approve", "bob", List.of("analyst"), null));
    Runs.result(k);
    save(client, "kinds", "every-kind");
    for (int slice = 0; slice < 2; slice++) {
      String id = StartRunInput.workflowId("acme", "kinds") + "/each/slice-" + slice;
      Path file = DIR.resolve("every-kind@" + id.replace('/', '~') + ".json");
      if (!Files.exists(file)) { // kept like every other recorded history
        Files.writeString(file, client.fetchHistory(id).toJson(true));
      }
    }

    String role =
        """
        {"key": "legacy-role", "title": "Role no one holds", "steps": [
          {"id": "ok", "approval": {"prompt": "go?", "approvers": {"roles": ["soc-lead"], "users": ["bob"]}}}
        ]}
        """;
    PlaybookRunWorkflow lr =
        Runs.start(client, q, Runs.input("legacy-role", role, Map.of(), RunMode.LIVE));
    PlaybookRunWorkflowTest.awaitState(lr, s -> s.status() == RunStatus.WAITING_APPROVAL);
    lr.decide(new ApprovalDecision("acme", "ok", "approve", "bob", List.of("analyst"), null));
    Runs.result(lr);
    save(client, "legacy-role", "approver-role-since-refused");
  }

  /** Saves a run's history; histories already recorded are kept (they guard older code paths). */
  private static void save(WorkflowClient client, String runId, String name) throws IOException {
    Files.createDirectories(DIR);
    if (Files.exists(DIR.resolve(name + "@" + runId + ".json"))) {
      return;
    }
    Files.writeString(
        DIR.resolve(name + "@" + runId + ".json"),
        client.fetchHistory(StartRunInput.workflowId("acme", runId)).toJson(true));
  }
}
