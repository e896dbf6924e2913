package dev.vigil.api.system;

/**
 * What a caller may do. Every endpoint requires exactly one permission ({@link Requires}); roles
 * grant permissions ({@link Role}). {@code docs/security.md} shows the same table, and a test keeps
 * the two equal.
 */
public enum Permission {
  /** Read playbooks, the schema and the action catalog; validate definitions. */
  PLAYBOOK_READ("playbook.read"),
  /** Publish playbook versions. */
  PLAYBOOK_PUBLISH("playbook.publish"),
  /** List runs, read a run and its history. */
  RUN_READ("run.read"),
  /** Start runs (live or dry). */
  RUN_START("run.start"),
  /** Cancel runs, with or without rollback. */
  RUN_CANCEL("run.cancel"),
  /** See the approvals inbox. */
  APPROVAL_READ("approval.read"),
  /** Vote on approvals (the approval's own approvers list must also name the caller). */
  APPROVAL_DECIDE("approval.decide"),
  /** Send security events to the ingest endpoint. */
  EVENT_INGEST("event.ingest"),
  /** Search events and read the sources' health. */
  EVENT_READ("event.read"),
  /** Read detection rules and their schema; validate and translate rules; test them. */
  DETECTION_READ("detection.read"),
  /** Publish detection rules (also from Sigma) and turn them on or off. */
  DETECTION_MANAGE("detection.manage"),
  /** List and read alerts with their evidence. */
  ALERT_READ("alert.read"),
  /** Acknowledge and close alerts; give feedback on them. */
  ALERT_TRIAGE("alert.triage"),
  /** List and read incidents, their timeline, observables, runs, metrics and policies. */
  INCIDENT_READ("incident.read"),
  /** Open incidents by hand and change them: acknowledge, assign, status, comment, merge, SLA. */
  INCIDENT_MANAGE("incident.manage"),
  /** Publish the tenant's correlation, SLA, response and template policies. */
  INCIDENT_POLICY_MANAGE("incident.policy.manage"),
  /** List connections and read their configuration (never their secrets) and history. */
  INTEGRATION_READ("integration.read"),
  /** Create, change, restore and delete connections, and set their secrets. */
  INTEGRATION_MANAGE("integration.manage"),
  /** Read the Wazuh app: the synced agents, their SCA summaries, and the sync's status. */
  WAZUH_READ("wazuh.read"),
  /** Sync a Wazuh connection now, pause and resume its sync. */
  WAZUH_SYNC("wazuh.sync"),
  /** List scans and read their progress, findings and exports. */
  SCAN_READ("scan.read"),
  /** Start and cancel scans, and schedule them (within the tenant's scan scope). */
  SCAN_RUN("scan.run"),
  /** List, read and download the tenant's files and reports (as far as the role may read them). */
  FILE_READ("file.read"),
  /** Upload files (checked by content, size, quota; scanned for sensitive data). */
  FILE_UPLOAD("file.upload"),
  /** Delete files. */
  FILE_DELETE("file.delete"),
  /** List and read reports. */
  REPORT_READ("report.read"),
  /** Generate reports and schedule them. */
  REPORT_CREATE("report.create"),
  /** Read the tenant's settings. */
  SETTINGS_READ("settings.read"),
  /** Change the tenant's settings. */
  SETTINGS_MANAGE("settings.manage"),
  /** Subscribe to a plan, manage payment and read invoices (owners, and billing admins). */
  BILLING_MANAGE("billing.manage"),
  /** Read and verify the audit trail. */
  AUDIT_READ("audit.read"),
  /** List the tenant's members and its roles (built-in and custom). */
  USER_READ("user.read"),
  /** Create and invite members, change their role, disable them. */
  USER_MANAGE("user.manage"),
  /** Create, change and delete the tenant's custom roles (never beyond one's own permissions). */
  ROLE_MANAGE("role.manage"),
  /** Create, list and revoke one's own API keys. */
  API_KEY_OWN("apikey.own"),
  /** List and revoke every API key of the tenant. */
  API_KEY_MANAGE("apikey.manage"),
  /** Read one's own identity, tenants and permissions; sign out; switch tenant. */
  SELF("self"),
  /** Create and list tenants: platform owners only, whatever their role. */
  TENANT_MANAGE("tenant.manage");

  private final String key;

  Permission(String key) {
    this.key = key;
  }

  /** The name used in the API ({@code GET /api/v1/me}) and in the docs. */
  public String key() {
    return key;
  }

  /** The permission of a key ({@code alert.read}), if there is one. */
  public static java.util.Optional<Permission> of(String key) {
    return java.util.Arrays.stream(values()).filter(p -> p.key.equals(key)).findFirst();
  }
}
