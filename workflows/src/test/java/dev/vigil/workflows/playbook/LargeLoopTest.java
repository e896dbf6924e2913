package dev.vigil.workflows.playbook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.workflows.playbook.engine.RunEngine;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A 10,000-item loop completes and no history comes near Temporal's limits. */
class LargeLoopTest {

  static final ScriptedActions actions = new ScriptedActions();

  @RegisterExtension
  static final TestWorkflowExtension temporal =
      Runs.temporal(actions, new RecordingNotifications());

  @Test
  void tenThousandItemLoopCompletesWithSmallHistories(WorkflowClient client, Worker worker) {
    int n = 10_000;
    String def =
        """
        {"key": "sweep", "title": "Sweep", "steps": [
          {"id": "each", "forEach": "${{ inputs.hosts }}", "as": "host", "concurrency": 20, "do": [
            {"id": "check", "action": "core.echo", "with": {"host": "${{ host }}", "i": "${{ index }}"}}
          ]}
        ], "outputs": {"count": "${{ size(steps.each.output) }}", "last": "${{ steps.each.output[9999].host }}",
                       "ordered": "${{ steps.each.output.all(o, o.host == 'h' + string(o.i)) }}"}}
        """;
    List<String> hosts = IntStream.range(0, n).mapToObj(i -> "h" + i).toList();
    long t0 = System.nanoTime();
    PlaybookRunWorkflow run =
        Runs.start(
            client,
            worker.getTaskQueue(),
            Runs.input("big", def, Map.of("hosts", hosts), RunMode.LIVE));
    RunResult r = Runs.result(run);
    long ms = (System.nanoTime() - t0) / 1_000_000;

    assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(r.outputs())
        .containsEntry("count", (long) n)
        .containsEntry("last", "h9999")
        .containsEntry("ordered", true);
    assertThat(actions.calls).hasSize(n);
    assertThat(actions.maxInFlight.get()).isLessThanOrEqualTo(20);

    String parentId = StartRunInput.workflowId("acme", "big");
    int parent = Runs.historyLength(client, parentId);
    int slices = (n + RunEngine.SLICE_SIZE - 1) / RunEngine.SLICE_SIZE;
    int maxSlice = 0;
    long total = parent;
    for (int k = 0; k < slices; k++) {
      int len = Runs.historyLength(client, parentId + "/each/slice-" + k);
      maxSlice = Math.max(maxSlice, len);
      total += len;
    }
    System.out.printf(
        "10,000-item loop: %d ms, parent history %d events, %d slices, largest slice %d events, %d events in all%n",
        ms, parent, slices, maxSlice, total);
    // Temporal warns at 10,240 events and terminates at 51,200 per history.
    assertThat(parent).isLessThan(1_000);
    assertThat(maxSlice).isLessThan(5_000);
  }
}
