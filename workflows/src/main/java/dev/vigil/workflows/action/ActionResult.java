package dev.vigil.workflows.action;

/**
 * What an action returned.
 *
 * @param output the action's output (JSON-like)
 * @param attempt the attempt that succeeded (1 = first try)
 */
public record ActionResult(Object output, int attempt) {}
