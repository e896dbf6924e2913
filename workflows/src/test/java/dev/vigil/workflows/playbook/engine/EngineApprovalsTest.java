package dev.vigil.workflows.playbook.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.workflows.playbook.RunMode;
import dev.vigil.workflows.playbook.RunResult;
import dev.vigil.workflows.playbook.RunStatus;
import dev.vigil.workflows.playbook.StepStatus;
import dev.vigil.workflows.system.FailureTypes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Approval steps in the interpreter: quorum, four-eyes, rejection, escalation, loops. */
class EngineApprovalsTest {
  @Test
  void approvalQuorumOfTwoDistinctApprovers() {
    EngineHarness h = approvalRun("\"approvers\": {\"roles\": [\"analyst\"]}, \"quorum\": 2");
    h.start();
    h.awaitWaiting("ok");
    assertThat(h.state().approvals().get(0).prompt()).isEqualTo("Block 198.51.100.7?");
    h.decide("ok", "approve", "bob", "analyst");
    assertThat(h.state().approvals().get(0).votes()).hasSize(1);
    assertThat(h.step("ok").status()).isEqualTo(StepStatus.WAITING);
    assertThatThrownBy(() -> h.decide("ok", "approve", "bob", "analyst"))
        .isInstanceOfSatisfying(
            DecisionRejected.class,
            e -> assertThat(e.type()).isEqualTo(FailureTypes.DECISION_DUPLICATE_VOTE));
    h.decide("ok", "approve", "carol", "analyst");
    RunResult r = h.join();
    assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(h.step("ok").outcome()).isEqualTo("approved");
    assertThat(h.step("block").status()).isEqualTo(StepStatus.SUCCEEDED);
  }

  @Test
  void approvalValidatorRefusesFourEyesStrangersUnknownStepsAndStepsNotWaiting() {
    EngineHarness h =
        approvalRun("\"approvers\": {\"roles\": [\"analyst\"], \"users\": [\"dave\"]}");
    h.start();
    h.awaitWaiting("ok");
    assertRejected(h, "ok", "approve", "alice", FailureTypes.DECISION_FOUR_EYES, "analyst");
    assertRejected(h, "ok", "approve", "mallory", FailureTypes.DECISION_NOT_ALLOWED, "viewer");
    assertRejected(h, "nope", "approve", "bob", FailureTypes.DECISION_UNKNOWN_STEP, "analyst");
    assertRejected(h, "block", "approve", "bob", FailureTypes.DECISION_NOT_WAITING, "analyst");
    assertRejected(h, "ok", "maybe", "bob", FailureTypes.DECISION_INVALID, "analyst");
    assertThat(h.state().approvals().get(0).votes()).isEmpty();
    h.decide("ok", "approve", "dave");
    assertThat(h.join().status()).isEqualTo(RunStatus.SUCCEEDED);
    assertRejected(h, "ok", "approve", "bob", FailureTypes.DECISION_NOT_WAITING, "analyst");
  }

  @Test
  void rejectionSetsOutcomeAndGuardsSkipTheGuardedStep() {
    EngineHarness h = approvalRun("\"approvers\": {\"roles\": [\"analyst\"]}");
    h.start();
    h.awaitWaiting("ok");
    h.decide("ok", "reject", "bob", "analyst");
    RunResult r = h.join();
    assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(h.step("ok").outcome()).isEqualTo("rejected");
    assertThat(h.step("block").status()).isEqualTo(StepStatus.SKIPPED);
    assertThat(h.host.calls).isEmpty();
  }

  @Test
  void rejectionFailsTheStepWhenOnRejectIsFail() {
    EngineHarness h =
        approvalRun("\"approvers\": {\"roles\": [\"analyst\"]}, \"onReject\": \"fail\"");
    h.start();
    h.awaitWaiting("ok");
    h.decide("ok", "reject", "bob", "analyst");
    RunResult r = h.join();
    assertThat(r.status()).isEqualTo(RunStatus.FAILED);
    assertThat(r.error().type()).isEqualTo(FailureTypes.APPROVAL_REJECTED);
    assertThat(r.error().message()).contains("bob");
  }

  @Test
  void dryRunsSendNoEscalationAndExecuteNoWriteUndo() {
    String def =
        """
        {"key": "test-pb", "title": "t", "rollbackOnFailure": true, "steps": [
          {"id": "block", "action": "http.request", "with": {"method": "POST", "url": "https://fw.example.com/block"},
           "undo": {"action": "http.request", "with": {"method": "DELETE", "url": "https://fw.example.com/block"}}},
          {"id": "ok", "approval": {"prompt": "go?", "approvers": {"roles": ["analyst"]},
           "escalate": [{"after": "50ms", "notify": ["role:lead"]}]}},
          {"id": "stop", "fail": "stop"}
        ]}
        """;
    for (RunMode mode : RunMode.values()) {
      EngineHarness h =
          new EngineHarness(def, Map.of(), mode, "alice", inv -> inv.request().with());
      h.start();
      h.awaitState(s -> s.approvals().size() == 1 && !s.approvals().get(0).escalated().isEmpty());
      h.decide("ok", "approve", "bob", "analyst");
      assertThat(h.join().status()).isEqualTo(RunStatus.ROLLED_BACK);
      if (mode == RunMode.DRY_RUN) {
        assertThat(h.host.escalations).isEmpty();
        assertThat(h.host.calls).isEmpty();
      } else {
        assertThat(h.host.escalations).hasSize(1);
        assertThat(h.host.calls).containsExactly("block:http.request", "block:http.request");
      }
    }
  }

  @Test
  void eachIterationOfASequentialLoopHasItsOwnApprovalAndVotes() {
    EngineHarness h =
        EngineHarness.of(
            """
            {"key": "test-pb", "title": "t", "steps": [
              {"id": "each", "forEach": "${{ inputs.ips }}", "as": "ip", "do": [
                {"id": "ok", "approval": {"prompt": "Block ${{ ip }}?", "approvers": {"roles": ["analyst"]}}}]}
            ], "outputs": {"decisions": "${{ steps.each.output.map(o, o.decision) }}"}}
            """,
            Map.of("ips", List.of("192.0.2.1", "192.0.2.2")));
    h.start();
    h.awaitState(s -> s.approvals().size() == 1);
    assertThat(h.state().approvals().get(0).stepId()).isEqualTo("each.0.ok");
    h.decide("each.0.ok", "approve", "bob", "analyst");
    h.awaitState(
        s -> s.approvals().size() == 1 && s.approvals().get(0).stepId().equals("each.1.ok"));
    // the second iteration shows no stale vote and takes the same analyst's vote again
    assertThat(h.state().approvals().get(0).votes()).isEmpty();
    assertThat(h.state().approvals().get(0).prompt()).isEqualTo("Block 192.0.2.2?");
    h.decide("each.1.ok", "reject", "bob", "analyst");
    RunResult r = h.join();
    assertThat(r.outputs()).containsEntry("decisions", List.of("approved", "rejected"));
    assertThat(h.host.events)
        .as("each vote is written once, the deciding one with its approval's close")
        .filteredOn(e -> e.vote() != null)
        .extracting(e -> e.type() + ":" + e.approval().stepId() + ":" + e.vote().actor())
        .containsExactly("APPROVAL:each.0.ok:bob", "APPROVAL:each.1.ok:bob");
  }

  @Test
  void anEscalationThatCouldNotBeDeliveredIsNotRecordedAsSent() {
    EngineHarness h =
        approvalRun(
            "\"approvers\": {\"roles\": [\"analyst\"]}, \"escalate\": [{\"after\": \"30ms\", \"notify\": [\"role:admin\"]}]");
    h.host.deliverEscalations = false;
    h.start();
    h.awaitState(
        s -> s.approvals().size() == 1 && !s.approvals().get(0).escalationFailures().isEmpty());
    assertThat(h.state().approvals().get(0).escalated()).isEmpty();
    assertThat(h.state().approvals().get(0).escalationFailures()).containsExactly("role:admin");
    h.decide("ok", "approve", "bob", "analyst");
    assertThat(h.join().status()).isEqualTo(RunStatus.SUCCEEDED);
  }

  private static EngineHarness approvalRun(String approval) {
    return EngineHarness.of(
        """
        {"key": "test-pb", "title": "t", "steps": [
          {"id": "ok", "approval": {"prompt": "Block ${{ inputs.ip }}?", %s}},
          {"id": "block", "when": "${{ steps.ok.outcome == 'approved' }}", "action": "core.echo", "with": {"ip": "${{ inputs.ip }}"}}
        ]}
        """
            .formatted(approval),
        Map.of("ip", "198.51.100.7"));
  }

  private static void assertRejected(
      EngineHarness h, String step, String decision, String actor, String type, String... roles) {
    assertThatThrownBy(() -> h.validate(step, decision, actor, roles))
        .isInstanceOfSatisfying(DecisionRejected.class, e -> assertThat(e.type()).isEqualTo(type));
  }
}
