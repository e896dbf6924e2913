package dev.vigil.workflows.action;

import java.util.List;

/**
 * An approval that is still open after an escalation delay.
 *
 * @param tenant tenant
 * @param runId run id
 * @param stepId approval step
 * @param playbookKey playbook
 * @param recipients role:…, user:… or channel:… recipients
 * @param message the text to send
 * @param openedAt ISO-8601 instant the approval opened
 * @param dueAt ISO-8601 instant it times out, or null
 */
public record EscalationNotice(
    String tenant,
    String runId,
    String stepId,
    String playbookKey,
    List<String> recipients,
    String message,
    String openedAt,
    String dueAt) {}
