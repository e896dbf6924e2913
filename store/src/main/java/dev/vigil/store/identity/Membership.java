package dev.vigil.store.identity;

import java.time.Instant;

/**
 * A user's role in one tenant.
 *
 * @param disabled the membership is switched off in this tenant
 * @param userDisabled the account is switched off everywhere
 * @param platformOwner the account may manage tenants
 */
public record Membership(
    String tenant,
    String tenantName,
    String username,
    String displayName,
    String role,
    boolean disabled,
    boolean userDisabled,
    boolean platformOwner,
    Instant createdAt,
    String createdBy) {

  /** True when the user may act in this tenant. */
  public boolean active() {
    return !disabled && !userDisabled;
  }
}
