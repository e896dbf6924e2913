package dev.vigil.store.settings;

import java.util.Map;

/**
 * A tenant's settings used by the SOC loop.
 *
 * @param sourceSilence source ({@code format} or {@code format/system}) → longest silence allowed,
 *     as a duration text ({@code 1h}); {@code "*"} applies to every source without its own entry
 * @param agentDisconnectedAfter how long a Wazuh agent may stay disconnected before an alert is
 *     raised about it (duration text; {@link #DEFAULT_AGENT_DISCONNECTED_AFTER} when null)
 * @param scanScope the blocks and host names the tenant's scans may reach (empty: none)
 * @param scanConcurrency how many of the tenant's scans may run at once
 * @param reportRetentionDays how many days a finished report is kept before retention deletes its
 *     file (0: kept until someone deletes it; {@link #DEFAULT_REPORT_RETENTION_DAYS} by default)
 */
public record TenantSettings(
    String timezone,
    int retentionDays,
    Map<String, Object> sourceSilence,
    String agentDisconnectedAfter,
    java.util.List<String> scanScope,
    int scanConcurrency,
    long maxUploadBytes,
    long fileQuotaBytes,
    java.util.List<DlpPattern> dlpPatterns,
    int reportRetentionDays) {

  /** Finished reports are kept this many days unless the tenant says otherwise. */
  public static final int DEFAULT_REPORT_RETENTION_DAYS = 90;

  /** The largest file an upload may be, by default: 100 MiB. */
  public static final long DEFAULT_MAX_UPLOAD_BYTES = 100L << 20;

  /** The tenant's file store, by default: 10 GiB of distinct content. */
  public static final long DEFAULT_FILE_QUOTA_BYTES = 10L << 30;

  /** A tenant's own data-loss-prevention pattern: a name and a regular expression. */
  public record DlpPattern(String name, String regex) {}

  public static final int DEFAULT_SCAN_CONCURRENCY = 2;

  public static final String DEFAULT_AGENT_DISCONNECTED_AFTER = "1h";

  public static final TenantSettings DEFAULTS =
      new TenantSettings(
          "UTC",
          30,
          Map.of(),
          DEFAULT_AGENT_DISCONNECTED_AFTER,
          java.util.List.of(),
          DEFAULT_SCAN_CONCURRENCY,
          DEFAULT_MAX_UPLOAD_BYTES,
          DEFAULT_FILE_QUOTA_BYTES,
          java.util.List.of(),
          DEFAULT_REPORT_RETENTION_DAYS);

  /** The SOC-loop and scan settings with the file settings left at their defaults. */
  public TenantSettings(
      String timezone,
      int retentionDays,
      Map<String, Object> sourceSilence,
      String agentDisconnectedAfter,
      java.util.List<String> scanScope,
      int scanConcurrency) {
    this(
        timezone,
        retentionDays,
        sourceSilence,
        agentDisconnectedAfter,
        scanScope,
        scanConcurrency,
        DEFAULT_MAX_UPLOAD_BYTES,
        DEFAULT_FILE_QUOTA_BYTES,
        java.util.List.of(),
        DEFAULT_REPORT_RETENTION_DAYS);
  }

  /** The SOC-loop settings with the scan settings left at their defaults. */
  public TenantSettings(
      String timezone,
      int retentionDays,
      Map<String, Object> sourceSilence,
      String agentDisconnectedAfter) {
    this(
        timezone,
        retentionDays,
        sourceSilence,
        agentDisconnectedAfter,
        java.util.List.of(),
        DEFAULT_SCAN_CONCURRENCY);
  }

  public TenantSettings {
    agentDisconnectedAfter =
        agentDisconnectedAfter == null ? DEFAULT_AGENT_DISCONNECTED_AFTER : agentDisconnectedAfter;
    scanScope = scanScope == null ? java.util.List.of() : java.util.List.copyOf(scanScope);
    scanConcurrency = scanConcurrency < 1 ? DEFAULT_SCAN_CONCURRENCY : scanConcurrency;
    maxUploadBytes = maxUploadBytes < 1 ? DEFAULT_MAX_UPLOAD_BYTES : maxUploadBytes;
    fileQuotaBytes = fileQuotaBytes < 1 ? DEFAULT_FILE_QUOTA_BYTES : fileQuotaBytes;
    dlpPatterns = dlpPatterns == null ? java.util.List.of() : java.util.List.copyOf(dlpPatterns);
    reportRetentionDays =
        reportRetentionDays < 0 ? DEFAULT_REPORT_RETENTION_DAYS : reportRetentionDays;
  }

  /**
   * The longest silence allowed to a source: the entry for {@code format/system}, else for {@code
   * format}, else {@code "*"}; null when none applies (the source is not watched).
   */
  public String silenceFor(String format, String system) {
    Object v = sourceSilence.get(format + "/" + system);
    if (v == null) {
      v = sourceSilence.get(format);
    }
    if (v == null) {
      v = sourceSilence.get("*");
    }
    return v == null ? null : v.toString();
  }
}
