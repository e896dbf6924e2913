package dev.vigil.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.playbook.json.Json;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Entitlements of a self-hosted installation that grants its tenants the bundled {@code free} plan
 * (VIGIL_BILLING_PLAN): the plan's limits and modules, and usage that follows what the tenant does.
 */
class EntitlementsIT {

  static Standalone vigil;
  static Api api;

  @BeforeAll
  static void start(@TempDir Path data) {
    vigil =
        Standalone.start(
            new StandaloneSettings(data, 0, Ports.free(), null, null),
            Api.args("--vigil.billing.plan=free"));
    api = new Api(vigil.port());
  }

  @AfterAll
  static void stop() {
    vigil.close();
  }

  @Test
  void theConfiguredPlanItsLimitsAndTheTenantsUsageAreShownToEveryMember() throws Exception {
    JsonNode before = api.get("/api/v1/entitlements", "vic").json();
    assertThat(before.at("/plan").asText()).isEqualTo("free");
    assertThat(before.at("/title").asText()).isEqualTo("Free");
    assertThat(before.at("/status").asText()).isEqualTo("active");
    assertThat(before.at("/billing").asBoolean()).as("no Stripe key: billing is off").isFalse();
    assertThat(before.at("/limits/members").asLong()).isEqualTo(3);
    assertThat(before.at("/limits/eventsPerDay").asLong()).isEqualTo(100_000);
    assertThat(before.at("/modules").toString()).isEqualTo("[\"downloads\"]");
    assertThat(before.at("/usage/members").asLong())
        .as("the bootstrap owner and vic, the only test user added so far")
        .isEqualTo(2);
    long events = before.at("/usage/eventsPerDay").asLong();
    JsonNode documented = Json.parse(DocExamples.json("billing.md", "entitlements"));
    assertThat(names(before)).isEqualTo(names(documented));
    assertThat(names(before.get("usage"))).isEqualTo(names(documented.get("usage")));
    assertThat(before.get("limits"))
        .as("the bundled free plan")
        .isEqualTo(documented.get("limits"));
    assertThat(before.get("modules")).isEqualTo(documented.get("modules"));
    assertThat(before.at("/plans").findValuesAsText("name"))
        .containsExactly("free", "basic", "pro", "unlimited");
    for (JsonNode shown : documented.get("plans")) {
      assertThat(before.get("plans"))
          .as("the documented plans are the bundled ones")
          .contains(shown);
    }

    Api.Res ingest =
        api.send(
            "POST",
            "/api/v1/events?source=vigil",
            List.of(
                new String[] {"Authorization", "Bearer " + api.token("eng")},
                new String[] {"Content-Type", "application/x-ndjson"}),
            "{\"time\": \"2026-12-01T10:00:00Z\", \"category\": \"auth\", \"type\":"
                + " \"authentication\", \"action\": \"logon\", \"outcome\": \"failure\","
                + " \"message\": \"one\"}\n"
                + "{\"time\": \"2026-12-01T10:00:01Z\", \"category\": \"auth\", \"type\":"
                + " \"authentication\", \"action\": \"logon\", \"outcome\": \"failure\","
                + " \"message\": \"two\"}\n"
                + "not json\n");
    assertThat(ingest.status()).as(ingest.text()).isEqualTo(202);
    assertThat(ingest.at("/accepted").asInt()).isEqualTo(2);

    JsonNode after = api.get("/api/v1/entitlements", "vic").json();
    assertThat(after.at("/usage/eventsPerDay").asLong())
        .as("accepted events count, the rejected line does not")
        .isEqualTo(events + 2);
    assertThat(after.at("/usage/members").asLong()).as("eng was added to ingest").isEqualTo(3);
  }

  static List<String> names(JsonNode n) {
    List<String> out = new java.util.ArrayList<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }

  @Test
  void theDocumentedPlansFileIsValid() {
    var plans =
        dev.vigil.store.billing.Plans.parse(
            DocExamples.json("billing.md", "team plan")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8),
            "docs/billing.md");
    var team = plans.get("team").orElseThrow();
    assertThat(team.limit("members")).contains(25L);
    assertThat(team.limit("eventsPerDay")).isEmpty();
    assertThat(team.enables("ai")).isFalse();
  }
}
