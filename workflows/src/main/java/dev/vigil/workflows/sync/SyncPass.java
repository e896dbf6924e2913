package dev.vigil.workflows.sync;

/**
 * What one pass of a sync activity did.
 *
 * @param items how many items it stored (agents, policies, alerts)
 * @param more whether there is more to read at once (alerts behind after an outage)
 */
public record SyncPass(int items, boolean more) {}
