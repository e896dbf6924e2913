package dev.vigil.store.billing;

import javax.sql.DataSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Plans and Stripe, for both apps: the API (entitlements, checkout, webhooks) and the worker
 * (BillingWorkflow's activities). Both import this class, so the standalone app has it once.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({BillingProperties.class, StripeProperties.class})
public class BillingBeans {

  /** Checked here: a bad plans file or an unknown default plan stops the app at start-up. */
  @Bean
  TenantPlans tenantPlans(BillingProperties billing, StripeProperties stripe, DataSource ds) {
    return TenantPlans.of(billing, stripe, ds);
  }

  @Bean
  StripeGateway stripeGateway(StripeProperties stripe, TenantPlans plans) {
    return new StripeGateway(stripe, plans.billing());
  }
}
