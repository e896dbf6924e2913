package dev.vigil.store.identity;

import java.time.Instant;

/**
 * A person or service identity, global across tenants.
 *
 * @param passwordHash encoded hash ({@code {bcrypt}…}); null when the account cannot sign in
 * @param platformOwner may create and list tenants
 * @param failedLogins failed sign-ins since the last success
 * @param lockedUntil sign-in refused until then (null: not locked)
 */
public record UserAccount(
    String username,
    String displayName,
    String passwordHash,
    boolean platformOwner,
    boolean disabled,
    int failedLogins,
    Instant lockedUntil,
    Instant lastLoginAt,
    Instant createdAt) {}
