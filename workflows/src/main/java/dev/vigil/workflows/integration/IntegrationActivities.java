package dev.vigil.workflows.integration;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Work on connections that needs their secrets, so runs on a worker. */
@ActivityInterface
public interface IntegrationActivities {

  /**
   * Tests the connection {@code name} of {@code tenant}: resolves it (secrets opened on the worker,
   * never returned), logs in to the service and makes one read-only call. A failure of the service
   * is an answer ({@code ok: false} with the reason), not an activity failure, so it is not
   * retried: the person who pressed "Test" waits for it.
   */
  @ActivityMethod(name = "TestConnection")
  ConnectionTestResult test(String tenant, String name);

  /**
   * Runs one <em>read</em> action of the catalog that calls through a connection (e.g. {@code
   * wazuh.sca.checks}) for {@code tenant} and returns its output: a live look the API asks for on
   * someone's behalf. Any other action is refused. Its input is checked like a run's.
   */
  @ActivityMethod(name = "ReadThroughConnection")
  Object read(String tenant, String action, java.util.Map<String, Object> with);
}
