package dev.vigil.store.billing;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * Billing settings ({@code vigil.billing.*}, config/vigil-billing.yml), read by the API and the
 * worker.
 *
 * @param plans a plans JSON file (VIGIL_BILLING_PLANS); empty for the bundled free, basic, pro and
 *     unlimited plans
 * @param plan the plan of a tenant that has none of its own (VIGIL_BILLING_PLAN): with billing off,
 *     every tenant's plan; null for {@code unlimited}, or {@code free} when billing is on
 * @param graceDays days a tenant keeps its plan after a failed payment (VIGIL_BILLING_GRACE_DAYS,
 *     default 7, 1–90)
 * @param returnUrl where Checkout and the Customer Portal send users back
 *     (VIGIL_BILLING_RETURN_URL); null for the address the request came to
 */
@ConfigurationProperties("vigil.billing")
public record BillingProperties(String plans, String plan, Integer graceDays, String returnUrl) {

  public static final int DEFAULT_GRACE_DAYS = 7;

  @ConstructorBinding
  public BillingProperties {
    plans = blankToNull(plans);
    plan = blankToNull(plan);
    returnUrl = blankToNull(returnUrl);
    graceDays = graceDays == null ? DEFAULT_GRACE_DAYS : graceDays;
    if (graceDays < 1 || graceDays > 90) {
      throw new IllegalArgumentException(
          "vigil.billing.grace-days (VIGIL_BILLING_GRACE_DAYS) must be 1 to 90, not " + graceDays);
    }
  }

  public BillingProperties(String plans, String plan) {
    this(plans, plan, null, null);
  }

  static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  /** The plan of a tenant without its own: the configured one, else by whether Vigil bills. */
  public String defaultPlan(boolean billed) {
    return plan != null ? plan : billed ? Plans.FREE : Plans.UNLIMITED;
  }
}
