package dev.vigil.api.system;

import static dev.vigil.api.system.Permission.*;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * A user's role in a tenant and the permissions it grants: the one permission matrix of Vigil.
 * {@link Permission#TENANT_MANAGE} is not granted by any role; it belongs to platform owners.
 */
public enum Role {
  OWNER(EnumSet.complementOf(EnumSet.of(TENANT_MANAGE))),
  ADMIN(EnumSet.complementOf(EnumSet.of(TENANT_MANAGE))),
  ENGINEER(
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
          PLAYBOOK_READ,
          PLAYBOOK_PUBLISH,
          RUN_READ,
          RUN_START,
          RUN_CANCEL,
          APPROVAL_READ,
          API_KEY_OWN,
          SELF)),
  ANALYST(
      EnumSet.of(
          INCIDENT_READ,
          INCIDENT_MANAGE,
          EVENT_READ,
          DETECTION_READ,
          ALERT_READ,
          ALERT_TRIAGE,
          SETTINGS_READ,
          WAZUH_READ,
          PLAYBOOK_READ,
          RUN_READ,
          RUN_START,
          RUN_CANCEL,
          APPROVAL_READ,
          APPROVAL_DECIDE,
          API_KEY_OWN,
          SELF)),
  VIEWER(
      EnumSet.of(
          INCIDENT_READ,
          EVENT_READ,
          DETECTION_READ,
          ALERT_READ,
          SETTINGS_READ,
          WAZUH_READ,
          PLAYBOOK_READ,
          RUN_READ,
          APPROVAL_READ,
          API_KEY_OWN,
          SELF)),
  AUDITOR(
      EnumSet.of(
          INCIDENT_READ,
          EVENT_READ,
          DETECTION_READ,
          ALERT_READ,
          SETTINGS_READ,
          WAZUH_READ,
          PLAYBOOK_READ,
          RUN_READ,
          APPROVAL_READ,
          AUDIT_READ,
          USER_READ,
          API_KEY_OWN,
          SELF)),
  /** API keys of sensors and shippers: they send events and can do nothing else. */
  INGESTOR(EnumSet.of(EVENT_INGEST));

  private final Set<Permission> permissions;

  Role(EnumSet<Permission> permissions) {
    this.permissions = Collections.unmodifiableSet(permissions);
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

  /** True when every permission of {@code other} is one of this role's. */
  public boolean covers(Role other) {
    return permissions.containsAll(other.permissions);
  }
}
