package dev.vigil.store.billing;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Stripe settings ({@code vigil.stripe.*}, config/vigil-billing.yml); billing is off unless a
 * secret key is set.
 *
 * @param secretKey Stripe's secret API key (VIGIL_STRIPE_SECRET_KEY)
 * @param webhookSecret the webhook endpoint's signing secret (VIGIL_STRIPE_WEBHOOK_SECRET)
 * @param apiBase Stripe's API base URL (VIGIL_STRIPE_API_BASE, default https://api.stripe.com)
 */
@ConfigurationProperties("vigil.stripe")
public record StripeProperties(String secretKey, String webhookSecret, String apiBase) {

  public StripeProperties {
    secretKey = BillingProperties.blankToNull(secretKey);
    webhookSecret = BillingProperties.blankToNull(webhookSecret);
    apiBase = apiBase == null || apiBase.isBlank() ? "https://api.stripe.com" : apiBase.trim();
  }

  /** Whether Vigil sells plans through Stripe; self-hosted installations leave it off. */
  public boolean enabled() {
    return secretKey != null;
  }

  /** A client of Stripe's API at {@link #apiBase}, with this key; null when billing is off. */
  public com.stripe.StripeClient client() {
    if (!enabled()) {
      return null;
    }
    return new com.stripe.StripeClient.StripeClientBuilder()
        .setApiKey(secretKey)
        .setApiBase(apiBase.replaceAll("/+$", ""))
        .setConnectTimeout(10_000)
        .setReadTimeout(30_000)
        .setMaxNetworkRetries(2)
        .build();
  }

  /** Never the secrets. */
  @Override
  public String toString() {
    return "StripeProperties[enabled=" + enabled() + ", apiBase=" + apiBase + "]";
  }
}
