package dev.vigil.playbook.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.playbook.json.Json;
import org.junit.jupiter.api.Test;

/** Catalog entries carry how their activities run: timeouts, heartbeats, queue, rate limit. */
class ActionCatalogTest {

  static ActionCatalog catalog(String entry) throws Exception {
    return ActionCatalog.parse(
        Json.parse(
            "{\"actions\": [{\"name\": \"intel.lookup\", \"sideEffect\": \"read\", \"input\": {}, "
                + entry
                + "}]}"));
  }

  @Test
  void readsHeartbeatTaskQueueAndRateLimit() throws Exception {
    ActionDefinition d =
        catalog(
                "\"timeout\": \"20s\", \"heartbeatTimeout\": \"5s\", \"taskQueue\": \"intel\","
                    + " \"rateLimit\": {\"perSecond\": 4}")
            .require("intel.lookup");
    assertThat(d.heartbeatTimeout()).isEqualTo("5s");
    assertThat(d.taskQueue()).isEqualTo("intel");
    assertThat(d.ratePerSecond()).isEqualTo(4.0);
    assertThat(d.pinned().ratePerSecond()).isEqualTo(4.0);
    assertThat(ActionCatalog.bundled().require("http.request").heartbeatTimeout()).isEqualTo("5s");
  }

  @Test
  void aRateLimitNeedsItsOwnTaskQueue() {
    assertThatThrownBy(() -> catalog("\"rateLimit\": {\"perSecond\": 4}"))
        .hasMessageContaining("intel.lookup has a rateLimit but no taskQueue");
  }
}
