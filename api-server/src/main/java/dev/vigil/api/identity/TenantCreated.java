package dev.vigil.api.identity;

/** Published (as a Spring application event) after a tenant was created and audited. */
public record TenantCreated(String tenant) {}
