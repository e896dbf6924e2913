package dev.vigil.api.system;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * API settings ({@code vigil.api.*}).
 *
 * @param maxBodyBytes largest accepted request body (VIGIL_API_MAX_BODY_BYTES)
 * @param publishBundled publish the bundled playbooks at start-up (VIGIL_PUBLISH_BUNDLED)
 * @param queryTimeoutMs how long a live run query may take before the API answers from the store
 */
@ConfigurationProperties("vigil.api")
public record ApiProperties(long maxBodyBytes, boolean publishBundled, long queryTimeoutMs) {
  public ApiProperties {
    maxBodyBytes = maxBodyBytes <= 0 ? 1_048_576 : maxBodyBytes;
    queryTimeoutMs = queryTimeoutMs <= 0 ? 3_000 : queryTimeoutMs;
  }
}
