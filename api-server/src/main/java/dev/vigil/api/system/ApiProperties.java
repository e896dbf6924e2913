package dev.vigil.api.system;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * API settings ({@code vigil.api.*}).
 *
 * @param maxBodyBytes largest accepted request body (VIGIL_API_MAX_BODY_BYTES)
 * @param publishBundled publish the bundled playbooks at start-up (VIGIL_PUBLISH_BUNDLED)
 * @param queryTimeoutMs how long a live run query may take before the API answers from the store
 * @param corsOrigins browser origins allowed to call the API cross-origin (VIGIL_API_CORS_ORIGINS)
 * @param temporalUiUrl base URL of the Temporal UI; runs then link to their workflow there
 *     (VIGIL_TEMPORAL_UI_URL)
 * @param ingestMaxBodyBytes largest event batch POST /api/v1/events accepts
 *     (VIGIL_INGEST_MAX_BODY_BYTES, default 16 MiB)
 * @param ingestRequestsPerMinute ingest requests a tenant may make per minute per API instance
 *     (VIGIL_INGEST_REQUESTS_PER_MINUTE)
 */
@ConfigurationProperties("vigil.api")
public record ApiProperties(
    long maxBodyBytes,
    boolean publishBundled,
    long queryTimeoutMs,
    java.util.List<String> corsOrigins,
    String temporalUiUrl,
    long ingestMaxBodyBytes,
    int ingestRequestsPerMinute) {
  public ApiProperties {
    corsOrigins =
        corsOrigins == null
            ? java.util.List.of()
            : corsOrigins.stream().map(String::trim).filter(o -> !o.isEmpty()).toList();
    temporalUiUrl =
        temporalUiUrl == null || temporalUiUrl.isBlank()
            ? null
            : temporalUiUrl.trim().replaceAll("/+$", "");
    maxBodyBytes = maxBodyBytes <= 0 ? 1_048_576 : maxBodyBytes;
    queryTimeoutMs = queryTimeoutMs <= 0 ? 3_000 : queryTimeoutMs;
    ingestMaxBodyBytes = ingestMaxBodyBytes <= 0 ? 16L << 20 : ingestMaxBodyBytes;
    ingestRequestsPerMinute = ingestRequestsPerMinute <= 0 ? 6_000 : ingestRequestsPerMinute;
  }

  /**
   * The Temporal UI's origin ({@code scheme://host[:port]}), the one origin the codec endpoint
   * answers cross-origin; null when no Temporal UI is configured. Fails fast on a URL without one.
   */
  public String temporalUiOrigin() {
    if (temporalUiUrl == null) {
      return null;
    }
    java.net.URI u;
    try {
      u = java.net.URI.create(temporalUiUrl);
    } catch (IllegalArgumentException e) {
      u = null;
    }
    if (u == null || u.getScheme() == null || u.getHost() == null) {
      throw new IllegalArgumentException(
          "vigil.api.temporal-ui-url (VIGIL_TEMPORAL_UI_URL) must be an absolute http(s) URL, not '"
              + temporalUiUrl
              + "'");
    }
    return u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
  }

  /** The Temporal UI page of a workflow, or null when no Temporal UI is configured. */
  public String temporalUiLink(String namespace, String workflowId) {
    if (temporalUiUrl == null) {
      return null;
    }
    return temporalUiUrl
        + "/namespaces/"
        + java.net.URLEncoder.encode(namespace, java.nio.charset.StandardCharsets.UTF_8)
        + "/workflows/"
        + java.net.URLEncoder.encode(workflowId, java.nio.charset.StandardCharsets.UTF_8);
  }
}
