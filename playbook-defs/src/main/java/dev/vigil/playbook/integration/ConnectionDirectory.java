package dev.vigil.playbook.integration;

import java.util.Map;
import java.util.Optional;

/**
 * The connections a tenant has, as the playbook validator sees them: provider and configuration,
 * never secrets.
 */
@FunctionalInterface
public interface ConnectionDirectory {

  /** A connection's provider and configuration. */
  record Entry(String provider, Map<String, Object> config) {}

  /** The connection of that name, or empty when the tenant has none. */
  Optional<Entry> find(String name);
}
