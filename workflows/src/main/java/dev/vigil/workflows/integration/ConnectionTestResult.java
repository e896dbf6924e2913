package dev.vigil.workflows.integration;

/**
 * What testing a connection found.
 *
 * @param ok whether the service answered and accepted the credentials
 * @param message what was reached (e.g. the manager's version), or why not; never a secret
 * @param latencyMs how long the test took on the worker
 */
public record ConnectionTestResult(boolean ok, String message, long latencyMs) {}
