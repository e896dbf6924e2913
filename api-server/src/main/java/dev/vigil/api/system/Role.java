package dev.vigil.api.system;

import static dev.vigil.api.system.Permission.*;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The built-in roles and the permissions they grant: the one permission matrix of Vigil. They
 * cannot be edited; tenants compose roles of their own from the same permissions ({@code
 * dev.vigil.api.identity.RoleBook}). {@link Permission#TENANT_MANAGE} is not granted by any role;
 * it belongs to platform owners.
 */
public enum Role {
  OWNER(
      "Everything in the tenant, including making and changing owners",
      EnumSet.complementOf(EnumSet.of(TENANT_MANAGE))),
  ADMIN(
      "Everything in the tenant but owners and billing: members, roles, keys, connections,"
          + " settings",
      EnumSet.complementOf(EnumSet.of(TENANT_MANAGE, BILLING_MANAGE))),
  ENGINEER(
      "Builds the automation: playbooks, detection rules, incident policies, ingest",
      EnumSet.of(
          INCIDENT_READ,
          INCIDENT_POLICY_MANAGE,
          EVENT_INGEST,
          EVENT_READ,
          DETECTION_READ,
          DETECTION_MANAGE,
          ALERT_READ,
          SETTINGS_READ,
          INTEGRATION_READ,
          WAZUH_READ,
          WAZUH_SYNC,
          SCAN_READ,
          SCAN_RUN,
          FILE_READ,
          FILE_UPLOAD,
          REPORT_READ,
          REPORT_CREATE,
          PLAYBOOK_READ,
          PLAYBOOK_PUBLISH,
          RUN_READ,
          RUN_START,
          RUN_CANCEL,
          APPROVAL_READ,
          API_KEY_OWN,
          SELF)),
  ANALYST(
      "Works alerts and incidents, runs playbooks and decides approvals",
      EnumSet.of(
          INCIDENT_READ,
          INCIDENT_MANAGE,
          EVENT_READ,
          DETECTION_READ,
          ALERT_READ,
          ALERT_TRIAGE,
          SETTINGS_READ,
          WAZUH_READ,
          SCAN_READ,
          SCAN_RUN,
          FILE_READ,
          FILE_UPLOAD,
          REPORT_READ,
          REPORT_CREATE,
          PLAYBOOK_READ,
          RUN_READ,
          RUN_START,
          RUN_CANCEL,
          APPROVAL_READ,
          APPROVAL_DECIDE,
          API_KEY_OWN,
          SELF)),
  VIEWER(
      "Reads everything operational, changes nothing",
      EnumSet.of(
          INCIDENT_READ,
          EVENT_READ,
          DETECTION_READ,
          ALERT_READ,
          SETTINGS_READ,
          WAZUH_READ,
          SCAN_READ,
          FILE_READ,
          REPORT_READ,
          PLAYBOOK_READ,
          RUN_READ,
          APPROVAL_READ,
          API_KEY_OWN,
          SELF)),
  AUDITOR(
      "Reads everything operational, the members and the audit trail",
      EnumSet.of(
          INCIDENT_READ,
          EVENT_READ,
          DETECTION_READ,
          ALERT_READ,
          SETTINGS_READ,
          WAZUH_READ,
          SCAN_READ,
          FILE_READ,
          REPORT_READ,
          REPORT_CREATE,
          PLAYBOOK_READ,
          RUN_READ,
          APPROVAL_READ,
          AUDIT_READ,
          USER_READ,
          API_KEY_OWN,
          SELF)),
  INGESTOR(
      "API keys of sensors and shippers: they send events and can do nothing else",
      EnumSet.of(EVENT_INGEST));

  private final String description;
  private final Set<Permission> permissions;

  Role(String description, EnumSet<Permission> permissions) {
    this.description = description;
    this.permissions = Collections.unmodifiableSet(permissions);
  }

  public String description() {
    return description;
  }

  public Set<Permission> permissions() {
    return permissions;
  }

  /** The name stored and shown ({@code owner}, {@code analyst}, …). */
  public String key() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static Optional<Role> of(String key) {
    return Arrays.stream(values()).filter(r -> r.key().equals(key)).findFirst();
  }
}
