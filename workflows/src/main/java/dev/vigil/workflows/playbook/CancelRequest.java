package dev.vigil.workflows.playbook;

/**
 * Argument of the {@code cancel} signal.
 *
 * @param rollback run the undo of completed steps after cancelling
 * @param requestedBy who asked
 * @param reason why, may be null
 */
public record CancelRequest(boolean rollback, String requestedBy, String reason) {}
