package dev.vigil.api.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.workflows.playbook.PinnedPlaybook;
import dev.vigil.workflows.playbook.RunMode;
import dev.vigil.workflows.playbook.StartRunInput;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A failed start call does not mean the run did not start: the starter asks Temporal, and only a
 * workflow Temporal says it does not have is reported as not started.
 */
class RunGatewayTest {

  /** Breaks calls the way a network or an overloaded server would. */
  static final class Faults implements ClientInterceptor {
    volatile boolean loseStartAnswer;
    volatile boolean refuseStart;
    volatile boolean failDescribe;

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(
        MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
      String name = method.getBareMethodName();
      boolean start = "StartWorkflowExecution".equals(name);
      if (start && refuseStart || "DescribeWorkflowExecution".equals(name) && failDescribe) {
        return new ForwardingClientCall.SimpleForwardingClientCall<>(
            next.newCall(method, options)) {
          @Override
          public void start(Listener<R> listener, Metadata headers) {
            listener.onClose(Status.UNAVAILABLE.withDescription("injected"), new Metadata());
          }

          @Override
          public void request(int n) {}

          @Override
          public void sendMessage(Q message) {}

          @Override
          public void halfClose() {}
        };
      }
      if (start && loseStartAnswer) {
        return new ForwardingClientCall.SimpleForwardingClientCall<>(
            next.newCall(method, options)) {
          @Override
          public void start(Listener<R> listener, Metadata headers) {
            super.start(
                new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                  @Override
                  public void onMessage(R message) {} // accepted, but the answer is lost

                  @Override
                  public void onClose(Status status, Metadata trailers) {
                    super.onClose(
                        Status.PERMISSION_DENIED.withDescription("answer lost"), trailers);
                  }
                },
                headers);
          }
        };
      }
      return next.newCall(method, options);
    }
  }

  final Faults faults = new Faults();
  TestServer.PortBoundTestServer server;
  WorkflowServiceStubs stubs;
  WorkflowClient client;

  @BeforeEach
  void start() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    server = TestServer.createPortBoundServer(port, true);
    stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setTarget("127.0.0.1:" + port)
                .setGrpcClientInterceptors(List.of(faults))
                .setRpcRetryOptions(
                    io.temporal.serviceclient.RpcRetryOptions.newBuilder()
                        .setExpiration(java.time.Duration.ofSeconds(2))
                        .validateBuildWithDefaults())
                .build());
    client = WorkflowClient.newInstance(stubs);
  }

  @AfterEach
  void stop() {
    stubs.shutdownNow();
    server.close();
  }

  static StartRunInput input(String runId) {
    return new StartRunInput(
        runId,
        "default",
        new PinnedPlaybook("pb", 1, "{}"),
        List.of(),
        Map.of(),
        RunMode.LIVE,
        "ana",
        Map.of("type", "test"),
        List.of());
  }

  boolean exists(String workflowId) {
    try {
      stubs
          .blockingStub()
          .describeWorkflowExecution(
              DescribeWorkflowExecutionRequest.newBuilder()
                  .setNamespace("default")
                  .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                  .build());
      return true;
    } catch (StatusRuntimeException e) {
      return false;
    }
  }

  @Test
  void aStartWhoseAnswerWasLostIsStartedOnce() {
    String id = "run/default/" + UUID.randomUUID();
    faults.loseStartAnswer = true;
    assertThat(new RunGateway(client).start(id, input(id))).isEqualTo(RunGateway.Outcome.STARTED);
    faults.loseStartAnswer = false;
    assertThat(exists(id)).isTrue();
  }

  @Test
  void aStartTemporalNeverGotIsNotStarted() {
    String id = "run/default/" + UUID.randomUUID();
    faults.refuseStart = true;
    assertThat(new RunGateway(client).start(id, input(id)))
        .isEqualTo(RunGateway.Outcome.NOT_STARTED);
    faults.refuseStart = false;
    assertThat(exists(id)).isFalse();
  }

  @Test
  void whenTemporalCannotBeAskedTheOutcomeIsUnknownNotFailed() {
    String id = "run/default/" + UUID.randomUUID();
    faults.loseStartAnswer = true;
    faults.failDescribe = true;
    assertThat(new RunGateway(client).start(id, input(id))).isEqualTo(RunGateway.Outcome.UNKNOWN);
    faults.failDescribe = false;
    faults.loseStartAnswer = false;
    assertThat(exists(id)).as("it did start").isTrue();
  }

  @Test
  void aPlainStartIsStarted() {
    String id = "run/default/" + UUID.randomUUID();
    assertThat(new RunGateway(client).start(id, input(id))).isEqualTo(RunGateway.Outcome.STARTED);
    assertThat(exists(id)).isTrue();
  }
}
