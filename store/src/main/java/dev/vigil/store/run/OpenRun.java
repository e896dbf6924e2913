package dev.vigil.store.run;

/** A run the system of record holds as running or waiting (for start-up reconciliation). */
public record OpenRun(String tenant, String runId, String workflowId) {}
