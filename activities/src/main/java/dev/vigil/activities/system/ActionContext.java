package dev.vigil.activities.system;

/** Who is calling: for logs and tenant-scoped resources. */
public record ActionContext(String tenant, String runId, String stepId, int attempt) {}
