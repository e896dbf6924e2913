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
}
