package dev.vigil.store.billing;

import dev.vigil.store.billing.Plans.Plan;
import java.nio.file.Path;
import javax.sql.DataSource;

/**
 * The installation's plans and which one each tenant has: its own ({@code tenant_billing}, set from
 * its Stripe subscription) or else the configured default. Built once at start-up from the billing
 * settings, which it checks: a bad plans file or an unknown default plan stops Vigil.
 */
public final class TenantPlans {

  private final Plans plans;
  private final String defaultPlan;
  private final boolean billed;
  private final TenantBilling billing;

  TenantPlans(Plans plans, String defaultPlan, boolean billed, TenantBilling billing) {
    this.plans = plans;
    this.defaultPlan = defaultPlan;
    this.billed = billed;
    this.billing = billing;
  }

  public static TenantPlans of(
      BillingProperties props, StripeProperties stripe, DataSource dataSource) {
    boolean billed = stripe.enabled();
    return new TenantPlans(
        plans(props, billed), props.defaultPlan(billed), billed, new TenantBilling(dataSource));
  }

  /**
   * The installation's plans, checked against its billing settings.
   *
   * @throws Plans.Invalid for a bad plans file
   * @throws IllegalArgumentException for a configured plan that is not in it, or billing without a
   *     {@code free} plan to fall back to
   */
  public static Plans plans(BillingProperties props, boolean billed) {
    Plans plans = props.plans() == null ? Plans.bundled() : Plans.load(Path.of(props.plans()));
    String plan = props.defaultPlan(billed);
    if (plans.get(plan).isEmpty()) {
      throw new IllegalArgumentException(
          "vigil.billing.plan (VIGIL_BILLING_PLAN) '"
              + plan
              + "' is not one of the plans "
              + plans.all().keySet());
    }
    if (billed && plans.get(Plans.FREE).isEmpty()) {
      throw new IllegalArgumentException(
          "with billing on, the plans must include '"
              + Plans.FREE
              + "', the plan a tenant falls back to");
    }
    return plans;
  }

  public Plans plans() {
    return plans;
  }

  /** Whether plans are sold through Stripe (else self-hosted: everyone has the default plan). */
  public boolean billed() {
    return billed;
  }

  /** The plan of a tenant with none of its own, and the one a lapsed subscription falls back to. */
  public Plan fallback() {
    return plans.get(defaultPlan).orElseThrow();
  }

  /** The tenant's plan now: read at every check, so a plan change applies without a restart. */
  public Plan plan(String tenant) {
    return billing.get(tenant).flatMap(s -> plans.get(s.plan())).orElseGet(this::fallback);
  }

  /**
   * Why the tenant's plan refuses work the worker starts on its own (a scheduled scan, a playbook
   * run an incident starts), where no caller gets a 402: a {@code module} outside the plan (null:
   * none needed), or one of {@code adding} (limit → how many more) over its limit; empty when the
   * plan allows it.
   */
  public java.util.Optional<String> refusal(
      String tenant,
      String module,
      java.util.Map<String, Long> adding,
      UsageCounters usage,
      java.time.Instant now) {
    Plan plan = plan(tenant);
    if (module != null && !plan.enables(module)) {
      return java.util.Optional.of(plan.lacks(module));
    }
    if (adding.keySet().stream().allMatch(l -> plan.limit(l).isEmpty())) {
      return java.util.Optional.empty();
    }
    java.util.Map<String, Long> used = usage.usage(tenant, now);
    for (var e : adding.entrySet()) {
      Long max = plan.limit(e.getKey()).orElse(null);
      if (max != null && used.get(e.getKey()) + e.getValue() > max) {
        return java.util.Optional.of(plan.exceeded(e.getKey(), used.get(e.getKey())));
      }
    }
    return java.util.Optional.empty();
  }

  public TenantBilling billing() {
    return billing;
  }
}
