package dev.vigil.workflows.billing;

/**
 * A Stripe webhook event taken for a tenant: only its id and type, since the workflow reads the
 * subscription from Stripe itself.
 */
public record BillingSignal(String eventId, String type) {}
