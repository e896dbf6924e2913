package dev.vigil.workflows.system;

import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** The one way Vigil's processes connect to Temporal and check that it answers. */
public final class TemporalClients {

  private static final Pattern ADDRESS = Pattern.compile("^[A-Za-z0-9.\\-\\[\\]:]+:\\d{1,5}$");

  private TemporalClients() {}

  /**
   * Service stubs for {@code address} (host:port); fails fast, naming the setting, when malformed.
   */
  public static WorkflowServiceStubs stubs(String address) {
    if (address == null || !ADDRESS.matcher(address.trim()).matches()) {
      throw new IllegalArgumentException(
          "vigil.temporal.address (VIGIL_TEMPORAL_ADDRESS) must be host:port, not '"
              + address
              + "'");
    }
    return WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget(address.trim()).build());
  }

  public static WorkflowClient client(WorkflowServiceStubs stubs, String namespace) {
    return WorkflowClient.newInstance(
        stubs, WorkflowClientOptions.newBuilder().setNamespace(namespace).build());
  }

  /** Null when Temporal answers within two seconds, otherwise why not (for health checks). */
  public static String unreachable(WorkflowServiceStubs stubs) {
    try {
      stubs
          .blockingStub()
          .withDeadlineAfter(2, TimeUnit.SECONDS)
          .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
      return null;
    } catch (RuntimeException e) {
      return "Temporal unreachable: " + e.getMessage();
    }
  }
}
