package dev.vigil.workflows.billing;

/**
 * What {@link BillingWorkflow} decided for the tenant.
 *
 * @param plan the plan it has from now, or null for the fallback plan ({@code free})
 * @param status {@code active}, {@code trialing}, {@code past_due} or {@code canceled}
 * @param graceUntil the end of the grace period (ISO instant), or null
 * @param reason why, for the audit trail ({@code subscription}, {@code grace-started}, {@code
 *     paid}, {@code grace-ended}, {@code ended})
 */
public record BillingDecision(
    String plan, String status, String subscription, String graceUntil, String reason) {}
