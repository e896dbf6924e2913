package dev.vigil.store.identity;

import java.time.Instant;

/**
 * A user's role in one tenant.
 *
 * @param disabled the membership is switched off in this tenant
 * @param userDisabled the account is switched off everywhere
 * @param platformOwner the account may manage tenants
 * @param email where this member gets mail in this tenant, and how Slack recognises them; optional
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
    String createdBy,
    String email) {

  /** True when the user may act in this tenant. */
  public boolean active() {
    return !disabled && !userDisabled;
  }
}
