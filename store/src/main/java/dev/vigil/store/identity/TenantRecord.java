package dev.vigil.store.identity;

import java.time.Instant;

/** A tenant: a customer or team whose data no other tenant can see. */
public record TenantRecord(String id, String name, Instant createdAt, String createdBy) {}
