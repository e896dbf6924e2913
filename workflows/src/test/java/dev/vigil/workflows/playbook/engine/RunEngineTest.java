package dev.vigil.workflows.playbook.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.workflows.playbook.PinnedPlaybook;
import dev.vigil.workflows.playbook.RunMode;
import dev.vigil.workflows.playbook.RunResult;
import dev.vigil.workflows.playbook.RunStatus;
import dev.vigil.workflows.playbook.StepStatus;
import dev.vigil.workflows.system.FailureTypes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The interpreter's control flow, without Temporal. */
class RunEngineTest {
  @Test
  void runsStepsInOrderWithTypedExpressionsVariablesAndOutputs() {
    EngineHarness h =
        EngineHarness.of(
            """
            {"key": "test-pb", "title": "t",
             "inputs": {"type": "object", "required": ["n"], "properties": {"n": {"type": "integer"}}},
             "steps": [
               {"id": "a", "action": "core.echo", "with": {"n": "${{ inputs.n + 1 }}", "text": "n is ${{ inputs.n }}"}},
               {"id": "s", "set": {"double": "${{ steps.a.output.n * 2 }}"}},
               {"id": "b", "action": "core.echo", "with": {"v": "${{ vars.double }}", "list": ["${{ run.id }}", "${{ run.startedBy }}"]}}
             ],
             "outputs": {"v": "${{ steps.b.output.v }}", "text": "${{ steps.a.output.text }}", "ok": "${{ steps.b.status == 'succeeded' }}"}}
            """,
            Map.of("n", 20L));
    RunResult r = h.run();
    assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(r.outputs())
        .containsEntry("v", 42L)
        .containsEntry("text", "n is 20")
        .containsEntry("ok", true);
    assertThat(h.step("b").output()).isEqualTo(Map.of("v", 42L, "list", List.of("r1", "alice")));
    assertThat(h.host.calls).containsExactly("a:core.echo", "b:core.echo");
  }

  @Test
  void ifRunsOneBranchAndSkipsTheOtherSwitchPicksByStringForm() {
    EngineHarness h =
        EngineHarness.of(
            """
            {"key": "test-pb", "title": "t", "steps": [
              {"id": "decide", "if": "${{ inputs.score >= 70 }}",
               "then": [{"id": "high", "action": "core.echo", "with": {"x": "high"}}],
               "else": [{"id": "low", "action": "core.echo", "with": {"x": "low"}}]},
              {"id": "route", "switch": "${{ inputs.level }}",
               "cases": {"3": [{"id": "three", "action": "core.echo", "with": {"x": 3}}],
                         "1": [{"id": "one", "action": "core.echo", "with": {"x": 1}}]},
               "default": [{"id": "other", "action": "core.echo", "with": {"x": 0}}]}
            ], "outputs": {"branch": "${{ steps.decide.output.x }}", "routed": "${{ steps.route.output.x }}"}}
            """,
            Map.of("score", 80L, "level", 3L));
    RunResult r = h.run();
    assertThat(r.outputs()).containsEntry("branch", "high").containsEntry("routed", 3L);
    assertThat(h.step("low").status()).isEqualTo(StepStatus.SKIPPED);
    assertThat(h.step("one").status()).isEqualTo(StepStatus.SKIPPED);
    assertThat(h.step("other").status()).isEqualTo(StepStatus.SKIPPED);
    assertThat(h.host.calls).containsExactly("high:core.echo", "three:core.echo");
  }

  @Test
  void falseGuardSkipsTheStepAndLaterStepsSeeIt() {
    EngineHarness h =
        EngineHarness.of(
            """
            {"key": "test-pb", "title": "t", "steps": [
              {"id": "maybe", "when": "${{ inputs.go }}", "action": "core.echo", "with": {"x": 1}},
              {"id": "after", "action": "core.echo", "with": {"saw": "${{ steps.maybe.status }}", "out": "${{ steps.maybe.output }}"}}
            ]}
            """,
            Map.of("go", false));
    h.run();
    assertThat(h.step("maybe").status()).isEqualTo(StepStatus.SKIPPED);
    Map<String, Object> expected = new java.util.HashMap<>();
    expected.put("saw", "skipped");
    expected.put("out", null);
    assertThat(h.step("after").output()).isEqualTo(expected);
  }

  @Test
  void onErrorContinueAndHandlersSeeTheError() {
    EngineHarness h =
        EngineHarness.of(
            """
            {"key": "test-pb", "title": "t", "steps": [
              {"id": "soft", "fail": "soft failure", "onError": "continue"},
              {"id": "hard", "fail": "boom ${{ inputs.x }}", "onError": [
                 {"id": "handle", "action": "core.echo", "with": {"msg": "${{ error.message }}", "st": "${{ steps.hard.status }}"}}]},
              {"id": "last", "action": "core.echo", "with": {}}
            ]}
            """,
            Map.of("x", "!"));
    RunResult r = h.run();
    assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(h.step("soft").status()).isEqualTo(StepStatus.FAILED);
    assertThat(h.step("hard").error().message()).isEqualTo("boom !");
    assertThat(h.step("handle").output()).isEqualTo(Map.of("msg", "boom !", "st", "failed"));
    assertThat(h.step("last").status()).isEqualTo(StepStatus.SUCCEEDED);
  }

  @Test
  void runtimeExpressionErrorFailsTheStepWithExpressionAndPointer() {
    EngineHarness h =
        EngineHarness.of(
            """
            {"key": "test-pb", "title": "t", "steps": [
              {"id": "a", "action": "core.echo", "with": {"deep": {"x": "${{ inputs.missing.field }}"}}}
            ]}
            """,
            Map.of());
    RunResult r = h.run();
    assertThat(r.status()).isEqualTo(RunStatus.FAILED);
    assertThat(r.error().type()).isEqualTo(FailureTypes.EXPRESSION_ERROR);
    assertThat(r.error().pointer()).isEqualTo("/steps/0/with/deep/x");
    assertThat(r.error().expression()).isEqualTo("inputs.missing.field");
    assertThat(r.error().message())
        .contains("inputs.missing.field")
        .contains("/steps/0/with/deep/x");
    assertThat(h.step("a").status()).isEqualTo(StepStatus.FAILED);
    assertThat(h.host.calls).isEmpty();
  }

  @Test
  void inputsNotMatchingTheSchemaFailTheRunBeforeAnyStep() {
    EngineHarness h =
        EngineHarness.of(
            """
            {"key": "test-pb", "title": "t",
             "inputs": {"type": "object", "required": ["src_ip"], "properties": {"src_ip": {"type": "string", "format": "ipv4"}}},
             "steps": [{"id": "a", "action": "core.echo", "with": {}}]}
            """,
            Map.of("src_ip", "not-an-ip"));
    RunResult r = h.run();
    assertThat(r.status()).isEqualTo(RunStatus.FAILED);
    assertThat(r.error().type()).isEqualTo(FailureTypes.INVALID_RUN_INPUTS);
    assertThat(r.error().message()).contains("/src_ip");
    assertThat(h.host.calls).isEmpty();
  }

  @Test
  void dryRunPreviewsWriteActionsWithoutExecutingThem() {
    EngineHarness h =
        new EngineHarness(
            """
            {"key": "test-pb", "title": "t", "steps": [
              {"id": "read", "action": "core.echo", "with": {"ip": "${{ inputs.ip }}"}},
              {"id": "lookup", "action": "http.request", "with": {"url": "https://intel.example.com/ip/${{ inputs.ip }}"}},
              {"id": "block", "action": "http.request", "with": {"method": "POST", "url": "https://fw.example.com/block", "json": {"ip": "${{ steps.read.output.ip }}"}}}
            ]}
            """,
            Map.of("ip", "203.0.113.9"),
            RunMode.DRY_RUN,
            "alice",
            inv -> inv.request().with());
    RunResult r = h.run();
    assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(h.host.calls).containsExactly("read:core.echo", "lookup:http.request");
    assertThat(h.step("lookup").simulated()).isFalse();
    assertThat(h.step("block").simulated()).isTrue();
    assertThat(h.step("block").output())
        .isEqualTo(
            Map.of(
                "simulated",
                true,
                "action",
                "http.request",
                "sideEffect",
                "write",
                "with",
                Map.of(
                    "method", "POST",
                    "url", "https://fw.example.com/block",
                    "json", Map.of("ip", "203.0.113.9"))));
  }

  @Test
  void forEachNeverExceedsItsConcurrencyAndKeepsItemOrder() {
    EngineHarness h =
        new EngineHarness(
            """
            {"key": "test-pb", "title": "t", "steps": [
              {"id": "each", "forEach": "${{ inputs.hosts }}", "as": "host", "concurrency": 3, "do": [
                {"id": "scan", "action": "core.echo", "with": {"host": "${{ host }}", "i": "${{ index }}"}}
              ]}
            ]}
            """,
            Map.of("hosts", List.of("h0", "h1", "h2", "h3", "h4", "h5", "h6", "h7", "h8", "h9")),
            RunMode.LIVE,
            "alice",
            inv -> {
              EngineHarness.sleep(40);
              return inv.request().with();
            });
    RunResult r = h.run();
    assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(h.host.maxInFlight.get()).isEqualTo(3);
    List<?> out = (List<?>) h.step("each").output();
    assertThat(out).hasSize(10);
    for (int i = 0; i < 10; i++) {
      assertThat(out.get(i)).isEqualTo(Map.of("host", "h" + i, "i", (long) i));
    }
  }

  @Test
  void forEachFailureFailsTheLoopWithTheItemIndex() {
    EngineHarness h =
        EngineHarness.of(
            """
            {"key": "test-pb", "title": "t", "steps": [
              {"id": "each", "forEach": "${{ [1, 2, 0, 4] }}", "do": [
                {"id": "div", "action": "core.echo", "with": {"v": "${{ 10 / item }}"}}
              ]}
            ]}
            """,
            Map.of());
    RunResult r = h.run();
    assertThat(r.status()).isEqualTo(RunStatus.FAILED);
    assertThat(r.error().message()).startsWith("item 2: ");
    assertThat(h.host.calls).hasSize(2);
  }

  @Test
  void parallelAllReturnsEachBranchOutput() {
    EngineHarness h =
        EngineHarness.of(
            """
            {"key": "test-pb", "title": "t", "steps": [
              {"id": "fan", "parallel": [
                [{"id": "a", "action": "core.echo", "with": {"b": 1}}],
                [{"id": "b1", "action": "core.echo", "with": {"b": 2}}, {"id": "b2", "action": "core.echo", "with": {"b": "${{ steps.b1.output.b + 1 }}"}}]
              ]}
            ], "outputs": {"fan": "${{ steps.fan.output }}"}}
            """,
            Map.of());
    RunResult r = h.run();
    assertThat(r.outputs().get("fan")).isEqualTo(List.of(Map.of("b", 1L), Map.of("b", 3L)));
  }

  @Test
  void parallelAnyCancelsTheLosingBranch() {
    EngineHarness h =
        new EngineHarness(
            """
            {"key": "test-pb", "title": "t", "steps": [
              {"id": "race", "join": "any", "parallel": [
                [{"id": "fast", "action": "core.echo", "with": {"speed": "fast"}}],
                [{"id": "slow", "action": "core.echo", "with": {"speed": "slow"}}, {"id": "never", "action": "core.echo", "with": {}}]
              ]}
            ]}
            """,
            Map.of(),
            RunMode.LIVE,
            "alice",
            inv -> {
              if ("slow".equals(inv.request().with().get("speed"))) {
                EngineHarness.sleep(300);
              }
              return inv.request().with();
            });
    RunResult r = h.run();
    assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(h.step("race").output())
        .isEqualTo(java.util.Arrays.asList(Map.of("speed", "fast"), null));
    assertThat(h.step("slow").status()).isEqualTo(StepStatus.CANCELLED);
    assertThat(h.step("never").status()).isEqualTo(StepStatus.CANCELLED);
    assertThat(h.host.calls).doesNotContain("never:core.echo");
  }

  @Test
  void childPlaybookRunsThePinnedDefinitionAndReturnsItsOutputs() {
    String child =
        """
        {"key": "child", "title": "c", "inputs": {"type": "object", "required": ["x"]},
         "steps": [{"id": "c", "action": "core.echo", "with": {"y": "${{ inputs.x * 10 }}"}}],
         "outputs": {"y": "${{ steps.c.output.y }}"}}
        """;
    EngineHarness h =
        new EngineHarness(
            """
            {"key": "test-pb", "title": "t", "steps": [
              {"id": "sub", "playbook": "child", "with": {"x": 4}},
              {"id": "after", "action": "core.echo", "with": {"y": "${{ steps.sub.output.y }}"}}
            ]}
            """,
            Map.of(),
            RunMode.LIVE,
            "alice",
            inv -> inv.request().with(),
            new PinnedPlaybook("child", 3, child));
    RunResult r = h.run();
    assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(h.step("after").output()).isEqualTo(Map.of("y", 40L));
  }

  @Test
  void definitionThatDoesNotParseFailsTheRunWithThePointer() {
    EngineHarness h =
        EngineHarness.of(
            "{\"key\": \"test-pb\", \"title\": \"t\", \"steps\": [{\"id\": \"a\", \"wait\": {}, \"set\": {}}]}",
            Map.of());
    RunResult r = h.run();
    assertThat(r.status()).isEqualTo(RunStatus.FAILED);
    assertThat(r.error().type()).isEqualTo(FailureTypes.INVALID_DEFINITION);
    assertThat(r.error().pointer()).startsWith("/steps/0");
  }

  @Test
  void actionThatWasNotPinnedFailsItsStepWithThePointer() {
    // the engine does not consult today's catalog: what was not pinned at start does not exist
    EngineHarness h =
        EngineHarness.of(
            "{\"key\": \"test-pb\", \"title\": \"t\", \"steps\": [{\"id\": \"a\", \"action\": \"nope.nothing\"}]}",
            Map.of());
    RunResult r = h.run();
    assertThat(r.status()).isEqualTo(RunStatus.FAILED);
    assertThat(r.error().type()).isEqualTo(FailureTypes.INVALID_DEFINITION);
    assertThat(r.error().pointer()).isEqualTo("/steps/0/action");
    assertThat(r.error().message()).contains("'nope.nothing' was not pinned");
  }

  @Test
  void timeoutOfANonActionStepFailsTheWholeStep() {
    EngineHarness h =
        EngineHarness.of(
            """
            {"key": "test-pb", "title": "t", "steps": [
              {"id": "slow", "timeout": "100ms", "wait": {"duration": "30s"}, "onError": "continue"},
              {"id": "after", "action": "core.echo", "with": {"type": "${{ steps.slow.error.type }}"}}
            ]}
            """,
            Map.of());
    RunResult r = h.run();
    assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(h.step("slow").status()).isEqualTo(StepStatus.FAILED);
    assertThat(h.step("slow").error().pointer()).isEqualTo("/steps/0/timeout");
    assertThat(h.step("after").output()).isEqualTo(Map.of("type", FailureTypes.STEP_TIMEOUT));
  }

  @Test
  void oversizedInputsAndStepOutputsFailTheRunWithTheLimit() {
    String big = "x".repeat(300 * 1024);
    RunResult tooBig =
        EngineHarness.of(
                "{\"key\": \"test-pb\", \"title\": \"t\", \"steps\": [{\"id\": \"a\", \"action\": \"core.echo\", \"with\": {}}]}",
                Map.of("s", big))
            .run();
    assertThat(tooBig.status()).isEqualTo(RunStatus.FAILED);
    assertThat(tooBig.error().type()).isEqualTo(FailureTypes.LIMIT_EXCEEDED);
    assertThat(tooBig.error().message()).isEqualTo("run inputs exceed 256 KiB");

    EngineHarness h =
        EngineHarness.of(
            "{\"key\": \"test-pb\", \"title\": \"t\", \"steps\": [{\"id\": \"twice\", \"set\": {\"v\": \"${{ inputs.s + inputs.s }}\"}}]}",
            Map.of("s", "y".repeat(200 * 1024)));
    RunResult r = h.run();
    assertThat(r.status()).isEqualTo(RunStatus.FAILED);
    assertThat(r.error().type()).isEqualTo(FailureTypes.LIMIT_EXCEEDED);
    assertThat(r.error().pointer()).isEqualTo("/steps/0");
    assertThat(r.error().message()).isEqualTo("step output exceeds 256 KiB");
  }
}
