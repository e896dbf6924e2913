package dev.vigil.workflows.system;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.util.List;
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
    return stubs(address, null);
  }

  /**
   * Service stubs reporting the SDK's own metrics (worker slots, task latencies, long polls) into
   * {@code metrics}; null = no metrics.
   */
  public static WorkflowServiceStubs stubs(String address, Scope metrics) {
    return stubs(address, metrics, null);
  }

  /**
   * Service stubs that give up on an unreachable Temporal after {@code giveUpAfter} (null: the
   * SDK's default, about a minute). The API gives up early so that its callers get a 503 with
   * Retry-After promptly instead of waiting.
   */
  public static WorkflowServiceStubs stubs(
      String address, Scope metrics, java.time.Duration giveUpAfter) {
    if (address == null || !ADDRESS.matcher(address.trim()).matches()) {
      throw new IllegalArgumentException(
          "vigil.temporal.address (VIGIL_TEMPORAL_ADDRESS) must be host:port, not '"
              + address
              + "'");
    }
    WorkflowServiceStubsOptions.Builder options =
        WorkflowServiceStubsOptions.newBuilder().setTarget(address.trim());
    if (metrics != null) {
      options.setMetricsScope(metrics);
    }
    if (giveUpAfter != null) {
      options.setRpcRetryOptions(
          io.temporal.serviceclient.RpcRetryOptions.newBuilder()
              .setExpiration(giveUpAfter)
              .validateBuildWithDefaults());
    }
    return WorkflowServiceStubs.newServiceStubs(options.build());
  }

  /** The SDK's metrics as Micrometer meters ({@code temporal_*} in Prometheus). */
  public static Scope metricsScope(io.micrometer.core.instrument.MeterRegistry registry) {
    return new RootScopeBuilder()
        .reporter(new MicrometerClientStatsReporter(registry))
        .reportEvery(com.uber.m3.util.Duration.ofSeconds(2));
  }

  /**
   * Gives every {@code temporal_*} meter the {@code update_name} tag ({@code none} when absent):
   * the SDK adds it to update calls only, and Prometheus refuses a second meter of one name with
   * other tag keys — the update calls' latencies would otherwise be dropped.
   */
  public static io.micrometer.core.instrument.config.MeterFilter consistentTemporalTags() {
    return new io.micrometer.core.instrument.config.MeterFilter() {
      @Override
      public io.micrometer.core.instrument.Meter.Id map(io.micrometer.core.instrument.Meter.Id id) {
        return id.getName().startsWith("temporal_") && id.getTag("update_name") == null
            ? id.withTag(io.micrometer.core.instrument.Tag.of("update_name", "none"))
            : id;
      }
    };
  }

  public static WorkflowClient client(WorkflowServiceStubs stubs, String namespace) {
    return client(stubs, namespace, new PayloadEncryption(null));
  }

  /**
   * A client whose payloads are encrypted as {@code encryption} says, with {@code interceptors}
   * (tracing). Workers built on this client use the same data converter, so every process of a
   * deployment must share the keys.
   */
  public static WorkflowClient client(
      WorkflowServiceStubs stubs,
      String namespace,
      PayloadEncryption encryption,
      io.temporal.common.interceptors.WorkflowClientInterceptor... interceptors) {
    return WorkflowClient.newInstance(
        stubs,
        WorkflowClientOptions.newBuilder()
            .setNamespace(namespace)
            .setDataConverter(dataConverter(encryption.keys()))
            .setInterceptors(interceptors)
            .build());
  }

  /**
   * The data converter: Temporal's default, wrapped in {@link EncryptionCodec} when keys are set.
   * Failure messages and stack traces are encrypted too (they may quote inputs).
   */
  public static DataConverter dataConverter(PayloadKeys keys) {
    DataConverter base = DefaultDataConverter.newDefaultInstance();
    return keys == null
        ? base
        : new CodecDataConverter(base, List.of(new EncryptionCodec(keys)), true);
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
