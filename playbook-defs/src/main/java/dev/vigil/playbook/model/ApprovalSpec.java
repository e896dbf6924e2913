package dev.vigil.playbook.model;

import java.util.List;

/**
 * The {@code approval} object of an approval step.
 *
 * @param prompt templated question shown to approvers
 * @param roles roles whose members may decide
 * @param users user names who may decide
 * @param quorum distinct approvals needed (a single rejection rejects)
 * @param timeout duration text; null waits forever
 * @param onTimeout approve, reject or fail when the timeout elapses
 * @param onReject continue (default) or fail when rejected
 * @param allowSelfApproval when true, whoever started the run may approve it (four-eyes off)
 * @param escalate notifications sent while the approval is still open
 */
public record ApprovalSpec(
    String prompt,
    List<String> roles,
    List<String> users,
    long quorum,
    String timeout,
    OnTimeout onTimeout,
    OnReject onReject,
    boolean allowSelfApproval,
    List<Escalation> escalate) {

  /**
   * The roles whose members may decide approvals (the API's {@code approval.decide} permission); an
   * approval naming another role could never be decided by it.
   */
  public static final java.util.List<String> DECIDING_ROLES =
      java.util.List.of("owner", "admin", "analyst");

  public ApprovalSpec {
    roles = roles == null ? List.of() : List.copyOf(roles);
    users = users == null ? List.of() : List.copyOf(users);
    escalate = escalate == null ? List.of() : List.copyOf(escalate);
  }

  public enum OnTimeout {
    APPROVE,
    REJECT,
    FAIL
  }

  public enum OnReject {
    CONTINUE,
    FAIL
  }

  /**
   * Sends {@code notify} (recipients such as {@code role:lead}, {@code user:ana} or {@code
   * channel:#soc}) when the approval is still open {@code after} its start.
   */
  public record Escalation(String after, List<String> recipients, String message) {
    public Escalation {
      recipients = recipients == null ? List.of() : List.copyOf(recipients);
    }
  }
}
