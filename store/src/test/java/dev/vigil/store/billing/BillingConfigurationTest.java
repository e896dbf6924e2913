package dev.vigil.store.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Billing settings are checked when Vigil starts: a bad plan or plans file stops it, named. */
class BillingConfigurationTest {

  @Test
  void selfHostedTenantsGetUnlimitedAndABilledInstallationFallsBackToFree() {
    StripeProperties off = new StripeProperties(null, null, null);
    assertThat(off.enabled()).isFalse();
    assertThat(off.apiBase()).isEqualTo("https://api.stripe.com");
    StripeProperties on = new StripeProperties("sk_test_123", "whsec_abc", "http://127.0.0.1:9/");
    assertThat(on.enabled()).isTrue();
    assertThat(on.toString()).doesNotContain("sk_test_123").doesNotContain("whsec_abc");
    BillingProperties none = new BillingProperties(" ", "");
    assertThat(none.defaultPlan(false)).isEqualTo("unlimited");
    assertThat(none.defaultPlan(true)).isEqualTo("free");
    assertThat(new BillingProperties(null, "basic").defaultPlan(true)).isEqualTo("basic");
    assertThat(TenantPlans.plans(none, false).all())
        .containsKeys("free", "basic", "pro", "unlimited");
  }

  @Test
  void aGracePeriodIsOneToNinetyDays() {
    assertThat(new BillingProperties(null, null, null, " ").graceDays()).isEqualTo(7);
    assertThat(new BillingProperties(null, null, null, " ").returnUrl()).isNull();
    assertThat(new BillingProperties(null, null, 1, null).graceDays()).isEqualTo(1);
    assertThatThrownBy(() -> new BillingProperties(null, null, 0, null))
        .hasMessageContaining("VIGIL_BILLING_GRACE_DAYS");
    assertThatThrownBy(() -> new BillingProperties(null, null, 91, null))
        .hasMessageContaining("1 to 90");
  }

  @Test
  void plansAreFoundByPriceAndTheFirstPlanThatLiftsALimitIsNamed() {
    Plans plans = Plans.bundled();
    assertThat(plans.byPrice("price_pro_monthly").orElseThrow().name()).isEqualTo("pro");
    assertThat(plans.byPrice("price_unknown")).isEmpty();
    // free allows 3 members: 4 needs basic (10), 11 needs pro (50), 51 no sold plan
    assertThat(plans.lifting("free", "members", 4, true).orElseThrow().name()).isEqualTo("basic");
    assertThat(plans.lifting("free", "members", 11, true).orElseThrow().name()).isEqualTo("pro");
    assertThat(plans.lifting("free", "members", 51, true)).isEmpty();
    assertThat(plans.lifting("free", "members", 51, false).orElseThrow().name())
        .isEqualTo("unlimited");
    assertThat(plans.enabling("basic", "ai", true).orElseThrow().name()).isEqualTo("pro");
    assertThat(plans.enabling("free", "scans", true).orElseThrow().name()).isEqualTo("basic");
  }

  @Test
  void anUnknownConfiguredPlanStopsStartUp() {
    assertThatThrownBy(() -> TenantPlans.plans(new BillingProperties(null, "gold"), false))
        .hasMessageContaining("VIGIL_BILLING_PLAN")
        .hasMessageContaining("'gold'")
        .hasMessageContaining("unlimited");
  }

  @Test
  void aPlansFileWithoutFreeCannotBeBilled(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("plans.json");
    Files.writeString(
        f, "{\"plans\": {\"team\": {\"limits\": {\"members\": 5}, \"modules\": [\"scans\"]}}}");
    BillingProperties team = new BillingProperties(f.toString(), "team");
    assertThat(TenantPlans.plans(team, false).all()).containsOnlyKeys("team");
    assertThatThrownBy(() -> TenantPlans.plans(team, true)).hasMessageContaining("'free'");
    Files.writeString(f, "{\"plans\": {\"team\": {\"limits\": {\"members\": -5}}}}");
    assertThatThrownBy(() -> TenantPlans.plans(team, false))
        .isInstanceOf(Plans.Invalid.class)
        .hasMessageContaining("/plans/team/limits/members");
  }
}
