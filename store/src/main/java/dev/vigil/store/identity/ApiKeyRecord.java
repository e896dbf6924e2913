package dev.vigil.store.identity;

import java.time.Instant;

/**
 * An API key as stored: never the secret, only its SHA-256 (kept out of this record).
 *
 * @param prefix the first characters of the key, to recognise it in lists
 * @param username the user the key acts as
 * @param role the role the key acts with (never above its user's)
 */
public record ApiKeyRecord(
    String tenant,
    String id,
    String name,
    String prefix,
    String username,
    String role,
    Instant createdAt,
    Instant expiresAt,
    Instant revokedAt,
    String revokedBy,
    Instant lastUsedAt) {}
