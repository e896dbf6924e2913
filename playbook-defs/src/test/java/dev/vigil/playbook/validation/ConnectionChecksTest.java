package dev.vigil.playbook.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.playbook.integration.ConnectionDirectory;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Connections named by actions, and the approval a wide active response needs. */
class ConnectionChecksTest {

  /** The tenant has a wazuh connection "soc" (blast radius 2) and a slack one "chat". */
  final ConnectionDirectory tenant =
      name ->
          switch (name) {
            case "soc" ->
                Optional.of(new ConnectionDirectory.Entry("wazuh", Map.of("blastRadius", 2)));
            case "chat" -> Optional.of(new ConnectionDirectory.Entry("slack", Map.of()));
            default -> Optional.empty();
          };

  List<Finding> lint(String steps) {
    return new PlaybookValidator()
        .withConnections(tenant, false)
        .validate(playbook(steps))
        .findings();
  }

  List<Finding> publish(String steps) {
    return new PlaybookValidator()
        .withConnections(tenant, true)
        .validate(playbook(steps))
        .findings();
  }

  static String playbook(String steps) {
    return "{\"key\": \"kk\", \"title\": \"t\", \"inputs\": {\"type\": \"object\"}, \"steps\": ["
        + steps
        + "]}";
  }

  static String ar(String id, String agents, String extra) {
    return "{\"id\": \""
        + id
        + "\", \"action\": \"wazuh.active_response\""
        + extra
        + ", \"with\": {\"connection\": \"soc\", \"agents\": "
        + agents
        + ", \"command\": \"firewall-drop\", \"arguments\": [\"203.0.113.7\"]}}";
  }

  static final String APPROVE =
      "{\"id\": \"ok\", \"approval\": {\"prompt\": \"Block?\", \"approvers\": {\"roles\": [\"analyst\"]}, \"timeout\": \"1h\", \"onTimeout\": \"reject\"}}";

  @Test
  void aMissingConnectionWarnsWhenLintingAndFailsPublishing() {
    String step =
        "{\"id\": \"a\", \"action\": \"wazuh.agents.list\", \"with\": {\"connection\": \"nope\"}}";

    assertThat(lint(step))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.isError()).isFalse();
              assertThat(f.pointer()).isEqualTo("/steps/0/with/connection");
              assertThat(f.message()).isEqualTo("there is no connection 'nope' in this tenant");
            });
    assertThat(publish(step)).singleElement().satisfies(f -> assertThat(f.isError()).isTrue());
  }

  @Test
  void aConnectionOfAnotherProviderIsAnError() {
    assertThat(
            lint(
                "{\"id\": \"a\", \"action\": \"wazuh.agent.get\", \"with\": {\"connection\": \"chat\", \"agentId\": \"001\"}}"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.isError()).isTrue();
              assertThat(f.message())
                  .isEqualTo(
                      "connection 'chat' is a slack connection; this action needs a wazuh one");
            });
  }

  @Test
  void aKnownConnectionOfTheRightProviderPasses() {
    assertThat(
            publish(
                "{\"id\": \"a\", \"action\": \"wazuh.agents.list\", \"with\": {\"connection\": \"soc\"}}"))
        .isEmpty();
  }

  @Test
  void withoutADirectoryOnlyTheSchemaIsChecked() {
    // the command-line linter has no tenant: existence cannot be known
    assertThat(new PlaybookValidator().validate(playbook(ar("b", "[\"001\"]", ""))).findings())
        .isEmpty();
  }

  @Test
  void anActiveResponseWithinTheBlastRadiusNeedsNoApproval() {
    assertThat(publish(ar("b", "[\"001\", \"002\"]", ""))).isEmpty();
  }

  @Test
  void beyondTheBlastRadiusAnApprovalMustComeFirst() {
    assertThat(publish(ar("b", "[\"001\", \"002\", \"003\"]", "")))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.isError()).isTrue();
              assertThat(f.pointer()).isEqualTo("/steps/0/with/agents");
              assertThat(f.message())
                  .isEqualTo(
                      "wazuh.active_response may reach more than the connection's blastRadius of 2 (it reaches 3 agents) without an approval before it");
            });
  }

  @Test
  void agentsKnownOnlyAtRunTimeNeedAnApprovalToo() {
    assertThat(publish(ar("b", "\"${{ inputs.agents }}\"", "")))
        .singleElement()
        .satisfies(f -> assertThat(f.message()).contains("its agents are only known when it runs"));
  }

  @Test
  void anApprovalWhoseOutcomeTheStepRequiresGatesIt() {
    assertThat(
            publish(
                APPROVE
                    + ", "
                    + ar(
                        "b",
                        "\"${{ inputs.agents }}\"",
                        ", \"when\": \"${{ steps.ok.outcome == 'approved' }}\"")))
        .isEmpty();
  }

  @Test
  void anApprovalThatFailsTheRunWhenRejectedGatesWhatFollows() {
    String failing =
        APPROVE.replace(
            "\"onTimeout\": \"reject\"", "\"onTimeout\": \"fail\", \"onReject\": \"fail\"");
    assertThat(publish(failing + ", " + ar("b", "\"${{ inputs.agents }}\"", ""))).isEmpty();
  }

  @Test
  void anApprovalThatLetsARejectionThroughDoesNotGate() {
    // a rejection continues the run: without a guard the response would run anyway
    assertThat(publish(APPROVE + ", " + ar("b", "\"${{ inputs.agents }}\"", ""))).hasSize(1);
  }

  @Test
  void anApprovalThatApprovesOnTimeoutDoesNotGate() {
    String lax = APPROVE.replace("\"reject\"", "\"approve\"");
    assertThat(
            publish(
                lax
                    + ", "
                    + ar(
                        "b",
                        "\"${{ inputs.agents }}\"",
                        ", \"when\": \"${{ steps.ok.outcome == 'approved' }}\"")))
        .hasSize(1);
  }

  @Test
  void anApprovalAfterTheStepDoesNotGateIt() {
    assertThat(
            publish(
                ar(
                        "b",
                        "\"${{ inputs.agents }}\"",
                        ", \"when\": \"${{ steps.ok.outcome == 'approved' }}\"")
                    + ", "
                    + APPROVE))
        .extracting(Finding::pointer)
        .contains("/steps/0/with/agents");
  }

  @Test
  void theThenBranchOfAnIfOnTheOutcomeIsGatedButItsElseIsNot() {
    String branch =
        APPROVE
            + ", {\"id\": \"d\", \"if\": \"${{ steps.ok.outcome == 'approved' }}\", \"then\": ["
            + ar("b", "\"${{ inputs.agents }}\"", "")
            + "], \"else\": ["
            + ar("c", "\"${{ inputs.agents }}\"", "")
            + "]}";
    assertThat(publish(branch))
        .extracting(Finding::pointer)
        .containsExactly("/steps/1/else/0/with/agents");
  }

  @Test
  void theBundledExampleOfTheDesignPassesWithItsGuard() {
    // an approval, then the response guarded on its outcome, with an undo that reverses it
    String undo =
        ", \"undo\": {\"action\": \"wazuh.active_response\", \"with\": {\"connection\": \"soc\", \"agents\": \"${{ inputs.agents }}\", \"command\": \"firewall-drop\", \"arguments\": [\"-d\", \"203.0.113.7\"]}}";
    assertThat(
            publish(
                APPROVE
                    + ", "
                    + ar(
                        "b",
                        "\"${{ inputs.agents }}\"",
                        ", \"when\": \"${{ steps.ok.outcome == 'approved' }}\"" + undo)))
        .isEmpty();
  }
}
