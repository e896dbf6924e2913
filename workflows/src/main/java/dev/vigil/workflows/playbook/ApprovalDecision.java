package dev.vigil.workflows.playbook;

import java.util.List;

/**
 * Argument of the {@code decide} update.
 *
 * @param tenant the deciding user's tenant; a run refuses decisions from another tenant
 * @param stepId the approval step
 * @param decision approve or reject
 * @param actor the deciding user
 * @param roles the actor's roles
 * @param comment free text, may be null
 */
public record ApprovalDecision(
    String tenant,
    String stepId,
    String decision,
    String actor,
    List<String> roles,
    String comment) {

  public static final String APPROVE = "approve";
  public static final String REJECT = "reject";

  public ApprovalDecision {
    roles = roles == null ? List.of() : List.copyOf(roles);
  }
}
