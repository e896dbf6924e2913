package dev.vigil.workflows.billing;

/**
 * What {@link BillingWorkflow} carries across continue-as-new.
 *
 * @param graceDays the length of a grace period, pinned when the workflow started
 * @param graceUntil the end of the running grace period (ISO instant), or null
 * @param graceStarted when it started (ISO instant), or null
 * @param remindersSent reminders sent in this grace period (after the notice that opened it)
 * @param downgraded whether the grace period ran out and the tenant was moved to the fallback plan
 * @param events signals handled in this execution
 */
public record BillingState(
    String tenant,
    int graceDays,
    String graceUntil,
    String graceStarted,
    int remindersSent,
    boolean downgraded,
    int events) {

  public static BillingState start(String tenant, int graceDays) {
    return new BillingState(tenant, graceDays, null, null, 0, false, 0);
  }
}
