package dev.vigil.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README walkthrough, line by line, against a fresh standalone Vigil. */
class ReadmeWalkthroughIT {

  static Standalone vigil;
  static Api api;
  static final Path REPO = Path.of("..").toAbsolutePath().normalize();

  @BeforeAll
  static void start(@TempDir Path data) {
    vigil = Standalone.start(new StandaloneSettings(data, 0, Ports.free(), null, null), Api.args());
    api = new Api(vigil.port());
  }

  @AfterAll
  static void stop() {
    vigil.close();
  }

  @Test
  void readmeWalkthroughWorksAsWritten() throws IOException {
    String readme = Files.readString(REPO.resolve("README.md"));
    Matcher block =
        Pattern.compile("## Walkthrough.*?```sh\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertThat(block.find()).as("README has a walkthrough").isTrue();
    ReadmeShell sh = new ReadmeShell(api);
    sh.vars.put("VIGIL_BOOTSTRAP_API_KEY", Api.ADMIN_KEY);
    List<Integer> statuses = new ArrayList<>();
    List<Api.Res> answers = new ArrayList<>();
    for (String line : block.group(1).split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Api.Res res = sh.run(line);
      statuses.add(res.status());
      answers.add(res);
      if (line.startsWith("RUN=$(")) {
        api.await("/api/v1/runs/" + sh.vars.get("RUN"), "ana", "/status", "waiting_approval");
      }
    }
    String run = sh.vars.get("RUN");
    assertThat(statuses)
        .containsExactly(201, 201, 201, 200, 201, 201, 200, 200, 403, 200, 200, 200, 200);
    assertThat(answers.get(2).at("/key").asText()).isEqualTo("block-ip");
    assertThat(answers.get(4).at("/key").asText()).startsWith("vgl_");
    assertThat(answers.get(7).text()).contains(run).contains("Block 203.0.113.7?");
    assertThat(answers.get(8).at("/type").asText()).endsWith("/four-eyes");
    assertThat(answers.get(9).at("/outcome").asText()).isEqualTo("approved");
    Api.Res done = api.await("/api/v1/runs/" + run, "ana", "/status", "succeeded");
    assertThat(done.at("/startedBy").asText()).isEqualTo("ana");
    assertThat(done.at("/outputs/blocked").asBoolean()).isTrue();
    assertThat(done.at("/steps/1/output/message").asText()).isEqualTo("blocking 203.0.113.7");
    Api.Res history = answers.get(11);
    assertThat(history.at("/items").size()).isEqualTo(5);
    assertThat(history.at("/items/0/type").asText()).isEqualTo("WORKFLOW_EXECUTION_STARTED");
    assertThat(history.at("/items/0/details/input/0/inputs/ip").asText()).isEqualTo("203.0.113.7");
    assertThat(answers.get(12).at("/valid").asBoolean()).isTrue();
    Api.Res page2 =
        api.get(
            "/api/v1/runs/" + run + "/history?limit=5&cursor=" + history.at("/nextCursor").asText(),
            "ana");
    assertThat(page2.at("/items/0/id").asLong()).isEqualTo(6);
  }

  @Test
  void detectionWalkthroughWorksAsWritten() throws IOException {
    String readme = Files.readString(REPO.resolve("README.md"));
    Matcher block =
        Pattern.compile("## Detection walkthrough.*?```sh\\n(.*?)```", Pattern.DOTALL)
            .matcher(readme);
    assertThat(block.find()).as("README has a detection walkthrough").isTrue();
    ReadmeShell sh = new ReadmeShell(api);
    sh.vars.put("VIGIL_BOOTSTRAP_API_KEY", Api.ADMIN_KEY);
    List<Api.Res> answers = new ArrayList<>();
    for (String line : block.group(1).split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      if (line.contains("/api/v1/alerts?")) {
        // the detection consumer works in the background: give it the moment the README mentions
        api.await(
            "/api/v1/alerts?rule=login-failures-per-source&entity=183.62.140.253",
            "vic",
            "/items/0/entity/value",
            "183.62.140.253");
      }
      answers.add(sh.run(line));
    }
    assertThat(answers)
        .extracting(Api.Res::status)
        .containsExactly(202, 200, 200, 200, 200, 200, 200);
    assertThat(answers.get(0).text()).isEqualTo("{\"accepted\":2008,\"rejected\":0,\"errors\":[]}");
    assertThat(answers.get(1).at("/items").size()).isPositive();
    Api.Res alert = answers.get(3);
    assertThat(alert.at("/id").asText()).isEqualTo(sh.vars.get("ALERT"));
    assertThat(alert.at("/evidence").size()).isBetween(5, 100);
    assertThat(alert.at("/evidence/0/src/ip").asText()).isEqualTo("183.62.140.253");
    assertThat(answers.get(4).at("/items").size()).isEqualTo(3);
    assertThat(answers.get(5).at("/feedback/verdict").asText()).isEqualTo("true_positive");
    assertThat(answers.get(6).text()).contains("\"key\":\"login-failures-per-source\"");

    // the incident walkthrough follows on the same data
    Matcher incidents =
        Pattern.compile("one per\nattacking address.*?```sh\\n(.*?)```", Pattern.DOTALL)
            .matcher(readme);
    assertThat(incidents.find()).as("README has an incident walkthrough").isTrue();
    api.await(
        "/api/v1/incidents?entity=183.62.140.253",
        "vic",
        "/items/0/entities/0/value",
        "183.62.140.253");
    List<Api.Res> steps = new ArrayList<>();
    for (String line : incidents.group(1).split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        steps.add(sh.run(line));
      }
    }
    assertThat(steps)
        .extracting(Api.Res::status)
        .containsExactly(200, 200, 200, 409, 200, 422, 200);
    assertThat(steps.get(1).at("/id").asText()).isEqualTo(sh.vars.get("INCIDENT"));
    assertThat(steps.get(1).at("/alerts").size()).isPositive();
    assertThat(steps.get(2).at("/status").asText()).isEqualTo("acknowledged");
    assertThat(steps.get(2).at("/durations/timeToAcknowledge").asLong()).isPositive();
    assertThat(steps.get(3).at("/allowed").toString())
        .isEqualTo("[\"in_progress\",\"contained\",\"resolved\",\"closed\"]");
    assertThat(steps.get(5).at("/errors/0/pointer").asText()).isEqualTo("/reason");
    assertThat(steps.get(6).at("/status").asText()).isEqualTo("resolved");
    assertThat(steps.get(6).at("/closeReason").asText()).isEqualTo("true_positive");
  }
}
