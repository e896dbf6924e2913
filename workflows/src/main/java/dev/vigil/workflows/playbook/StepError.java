package dev.vigil.workflows.playbook;

/**
 * Why a step (or run) failed.
 *
 * @param type failure type (see FailureTypes, or the action's own)
 * @param message human message
 * @param pointer JSON Pointer of the definition part that failed (expressions), or null
 * @param expression the failing expression, or null
 */
public record StepError(String type, String message, String pointer, String expression) {}
