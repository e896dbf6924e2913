package dev.vigil.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.playbook.catalog.ActionCatalog;
import dev.vigil.playbook.json.Json;
import dev.vigil.workflows.system.TaskQueues;
import org.junit.jupiter.api.Test;

/** A catalog rate limit becomes the limit of its action's task queue. */
class TaskQueueRatesTest {

  @Test
  void aQueueTakesTheSmallestLimitOfItsActionsAndOthersHaveNone() throws Exception {
    ActionCatalog catalog =
        ActionCatalog.parse(
            Json.parse(
                """
                {"actions": [
                  {"name": "intel.a", "sideEffect": "read", "input": {}, "taskQueue": "intel", "rateLimit": {"perSecond": 4}},
                  {"name": "intel.b", "sideEffect": "read", "input": {}, "taskQueue": "intel", "rateLimit": {"perSecond": 2.5}},
                  {"name": "core.x", "sideEffect": "read", "input": {}}
                ]}
                """));
    assertThat(TemporalWorkerConfiguration.ratePerSecond(catalog, "intel")).isEqualTo(2.5);
    assertThat(TemporalWorkerConfiguration.ratePerSecond(catalog, TaskQueues.PLAYBOOK_RUNS))
        .isNull();
    assertThat(TemporalWorkerConfiguration.taskQueues()).contains(TaskQueues.PLAYBOOK_RUNS);
  }
}
