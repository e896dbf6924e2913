package dev.vigil.activities.integration;

import dev.vigil.activities.connection.ResolvedConnection;

/** How to test a connection of one provider: log in and make one read-only call. */
public interface ConnectionProbe {

  /** The provider it tests, e.g. {@code wazuh}. */
  String provider();

  /**
   * Tests the connection.
   *
   * @return what was reached, for the person testing (never a secret)
   * @throws dev.vigil.activities.system.ActionException why it failed (never a secret)
   */
  String probe(ResolvedConnection connection);
}
