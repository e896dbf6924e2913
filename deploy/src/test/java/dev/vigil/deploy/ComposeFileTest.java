package dev.vigil.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml: accepted by docker-compose and by the Compose Specification schema, scalable
 * workers, health-gated start order, and only settings the apps read, with the apps' defaults.
 */
class ComposeFileTest {

  /** Values compose sets on purpose instead of the app's default (each says why in the file). */
  static final Set<String> COMPOSE_OVERRIDES =
      Set.of(
          "VIGIL_DB_URL",
          "VIGIL_DB_PASSWORD",
          "VIGIL_TEMPORAL_ADDRESS",
          "VIGIL_LOG_FORMAT",
          "VIGIL_TEMPORAL_UI_URL",
          "VIGIL_PORT",
          "VIGIL_WORKER_PORT",
          "VIGIL_FILES_DIR");

  /** Spring Boot properties compose sets (not Vigil settings). */
  static final Set<String> SPRING_PROPERTIES = Set.of();

  final AppSettings settings = AppSettings.scan();

  @Test
  void dockerComposeAcceptsTheFileWithEveryProfile() throws Exception {
    assumeTrue(
        onPath("docker-compose"), "docker-compose is not installed (./vigil test installs it)");
    Result r =
        run(
            Map.of(
                "VIGIL_PAYLOAD_KEY", "k",
                "VIGIL_SECRETS_KEY", "s",
                "VIGIL_BOOTSTRAP_ADMIN_PASSWORD", "p"),
            "docker-compose",
            "--env-file",
            emptyEnvFile(),
            "-f",
            Compose.FILE,
            "--profile",
            "observability",
            "config",
            "-q");
    assertThat(r.exit()).as(r.output()).isZero();
  }

  @Test
  void dockerComposeRefusesToStartWithoutTheRequiredSecrets() throws Exception {
    assumeTrue(
        onPath("docker-compose"), "docker-compose is not installed (./vigil test installs it)");
    Result r =
        run(
            Map.of(),
            "docker-compose",
            "--env-file",
            emptyEnvFile(),
            "-f",
            Compose.FILE,
            "config",
            "-q");
    assertThat(r.exit()).isNotZero();
    assertThat(r.output()).contains("VIGIL_PAYLOAD_KEY");
  }

  @Test
  void matchesTheComposeSpecificationSchema() throws IOException {
    JsonNode schemaNode;
    try (InputStream in = getClass().getResourceAsStream("/compose/compose_spec.json")) {
      schemaNode = Yaml.JSON.readTree(in);
    }
    // The file names draft 2019-09 with a trailing '#', which no registry resolves; validate it
    // as 2019-09 explicitly.
    ((ObjectNode) schemaNode).remove("$schema");
    // draft-4 style "id" members (identifiers only, no constraint) are not 2019-09 keywords
    removeIds(schemaNode, false);
    Schema schema =
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2019_09).getSchema(schemaNode);
    assertThat(schema.validate(Compose.tree())).isEmpty();

    // and the schema is strict enough to notice a typo
    ObjectNode broken = (ObjectNode) Compose.tree();
    ((ObjectNode) broken.path("services").path("worker")).put("healthchek", "x");
    assertThat(schema.validate(broken)).isNotEmpty();
  }

  private static void removeIds(JsonNode node, boolean isPropertyMap) {
    if (node instanceof ObjectNode o) {
      if (!isPropertyMap && o.path("id").isTextual()) {
        o.remove("id");
      }
      o.fields()
          .forEachRemaining(
              e ->
                  removeIds(
                      e.getValue(),
                      !isPropertyMap
                          && (e.getKey().equals("properties")
                              || e.getKey().equals("patternProperties")
                              || e.getKey().equals("definitions"))));
    } else if (node != null && node.isArray()) {
      node.forEach(n -> removeIds(n, false));
    }
  }

  @Test
  void workersScaleOut() {
    JsonNode worker = Compose.service("worker");
    assertThat(worker.has("container_name")).isFalse();
    assertThat(worker.has("ports")).as("a fixed host port would clash at --scale").isFalse();
    assertThat(worker.path("image").asText()).startsWith("vigil/worker:");
    assertThat(worker.path("build").path("dockerfile").asText())
        .isEqualTo("deploy/docker/worker.Dockerfile");
    assertThat(Compose.service("api").path("image").asText()).startsWith("vigil/api:");
    assertThat(Compose.service("api").path("build").path("dockerfile").asText())
        .isEqualTo("deploy/docker/api.Dockerfile");
    Compose.tree()
        .path("services")
        .fields()
        .forEachRemaining(
            s -> assertThat(s.getValue().has("container_name")).as(s.getKey()).isFalse());
  }

  @Test
  void vigilStartsOnlyOnceItsDatabaseAndTemporalAreHealthy() {
    for (String app : List.of("api", "worker")) {
      JsonNode deps = Compose.service(app).path("depends_on");
      for (String dep : List.of("postgresql", "temporal")) {
        assertThat(deps.path(dep).path("condition").asText())
            .as(app + " -> " + dep)
            .isEqualTo("service_healthy");
        assertThat(Compose.service(dep).path("healthcheck").path("test").isMissingNode())
            .as(dep)
            .isFalse();
      }
    }
    assertThat(Compose.service("postgresql").path("healthcheck").path("test").toString())
        .contains("pg_isready");
    assertThat(
            Compose.service("temporal")
                .path("depends_on")
                .path("postgresql")
                .path("condition")
                .asText())
        .isEqualTo("service_healthy");
    assertThat(Compose.service("api").path("healthcheck").path("test").toString())
        .contains("http://127.0.0.1:8080/actuator/health/readiness");
    assertThat(Compose.service("worker").path("healthcheck").path("test").toString())
        .contains("http://127.0.0.1:8081/actuator/health/readiness");
  }

  @Test
  void temporalRunsOnTheSamePostgresqlWithItsOwnDatabases() {
    Map<String, String> env = Compose.environment("temporal");
    assertThat(Compose.service("temporal").path("image").asText())
        .startsWith("temporalio/auto-setup:");
    assertThat(env)
        .containsEntry("DB", "postgres12")
        .containsEntry("POSTGRES_SEEDS", "postgresql")
        .containsEntry("DBNAME", "temporal")
        .containsEntry("VISIBILITY_DBNAME", "temporal_visibility");
    assertThat(Compose.service("postgresql").path("image").asText()).isEqualTo("postgres:16");
    assertThat(Compose.tree().path("volumes").has("postgresql-data")).isTrue();
    assertThat(Repo.read("deploy/postgres/initdb/10-temporal-role.sh"))
        .contains("CREATE ROLE temporal LOGIN CREATEDB");
  }

  @Test
  void temporalUiDecodesPayloadsThroughVigilsCodecWithTheSessionCookie() {
    Map<String, String> ui = Compose.environment("temporal-ui");
    assertThat(Compose.service("temporal-ui").path("image").asText()).startsWith("temporalio/ui:");
    assertThat(ui.get("TEMPORAL_CODEC_ENDPOINT"))
        .isEqualTo("${PUBLIC_URL:-http://localhost:8080}/api/v1/temporal/codec");
    assertThat(ui).containsEntry("TEMPORAL_CODEC_INCLUDE_CREDENTIALS", "true");
    assertThat(Compose.service("temporal-ui").path("ports").get(0).asText())
        .endsWith(":8080")
        .contains("8233");
    Map<String, String> api = Compose.environment("api");
    assertThat(api.get("VIGIL_TEMPORAL_UI_URL")).contains("http://localhost:8233");
    assertThat(ui.get("TEMPORAL_CODEC_ENDPOINT"))
        .as("the codec endpoint the Temporal UI calls is Vigil's")
        .endsWith("/api/v1/temporal/codec");
  }

  @Test
  void secretsComeFromTheEnvironmentNotTheFile() {
    Map<String, String> api = Compose.environment("api");
    for (String secret :
        List.of("VIGIL_PAYLOAD_KEY", "VIGIL_SECRETS_KEY", "VIGIL_BOOTSTRAP_ADMIN_PASSWORD")) {
      assertThat(Compose.whole(api.get(secret)))
          .as(secret)
          .hasValueSatisfying(
              i -> {
                assertThat(i.variable()).isEqualTo(secret);
                assertThat(i.required()).isTrue();
              });
    }
    assertThat(Compose.whole(api.get("VIGIL_BOOTSTRAP_API_KEY")).orElseThrow().variable())
        .isEqualTo("VIGIL_BOOTSTRAP_API_KEY");
    // the one development default: the database password (PostgreSQL is not published on the host)
    assertThat(Compose.whole(api.get("VIGIL_DB_PASSWORD")).orElseThrow().variable())
        .isEqualTo("VIGIL_DB_PASSWORD");
    assertThat(Compose.service("postgresql").has("ports")).isFalse();
    assertThat(Compose.environment("worker"))
        .containsEntry("VIGIL_LOG_FORMAT", "${VIGIL_LOG_FORMAT:-ecs}");
  }

  @Test
  void everyVigilVariableItSetsIsReadByThatApp() {
    List<String> unknown = new ArrayList<>();
    check("api", new String[] {"api-server"}, unknown);
    check("worker", new String[] {"worker", "activities"}, unknown);
    assertThat(unknown).isEmpty();
  }

  private void check(String service, String[] modules, List<String> unknown) {
    for (var e : Compose.environment(service).entrySet()) {
      String name = e.getKey();
      if (SPRING_PROPERTIES.contains(name)) {
        continue;
      }
      if (!settings.readBy(name, modules)) {
        unknown.add(service + ": " + name + " is not read by " + String.join("/", modules));
      }
      Compose.whole(e.getValue())
          .ifPresent(
              i -> {
                if (!i.variable().equals(name)) {
                  unknown.add(
                      service + ": " + name + " takes its value from ${" + i.variable() + "}");
                }
              });
    }
  }

  @Test
  void everySettingOfEachAppReachesItsContainer() {
    // so that a value set in .env takes effect; settings only the standalone app reads are not here
    assertThat(Compose.environment("api").keySet()).containsAll(settings.namesReadBy("api-server"));
    assertThat(Compose.environment("worker").keySet()).containsAll(settings.namesReadBy("worker"));
  }

  @Test
  void unsetVariablesFallBackToTheAppsOwnDefaults() {
    List<String> differ = new ArrayList<>();
    for (String service : List.of("api", "worker")) {
      for (var e : Compose.environment(service).entrySet()) {
        if (COMPOSE_OVERRIDES.contains(e.getKey()) || SPRING_PROPERTIES.contains(e.getKey())) {
          continue;
        }
        var i = Compose.whole(e.getValue());
        var appDefault = settings.get(e.getKey()).flatMap(AppSettings.Setting::defaultValue);
        if (i.isEmpty() || i.get().required() || appDefault.isEmpty()) {
          continue;
        }
        if (!i.get().defaultValue().equals(appDefault)) {
          differ.add(
              service
                  + ": "
                  + e.getKey()
                  + " defaults to "
                  + i.get().defaultValue().orElse("(unset)")
                  + ", the app to "
                  + appDefault.get());
        }
      }
    }
    assertThat(differ).isEmpty();
  }

  @Test
  void observabilityProfileScrapesEveryApiAndWorkerContainer() throws IOException {
    for (String s : List.of("prometheus", "grafana")) {
      assertThat(Compose.service(s).path("profiles").toString())
          .as(s)
          .isEqualTo("[\"observability\"]");
    }
    for (String s : List.of("postgresql", "temporal", "temporal-ui", "api", "worker")) {
      assertThat(Compose.service(s).has("profiles")).as(s + " runs without a profile").isFalse();
    }
    JsonNode prom = Yaml.parse(Repo.read("deploy/prometheus/prometheus.yml"));
    Map<String, Integer> ports = Map.of("api", 8080, "worker", 8081);
    Set<String> scraped = new TreeSet<>();
    for (JsonNode job : prom.path("scrape_configs")) {
      assertThat(job.path("metrics_path").asText()).isEqualTo("/actuator/prometheus");
      for (JsonNode sd : job.path("dns_sd_configs")) {
        assertThat(sd.path("type").asText()).isEqualTo("A");
        for (JsonNode n : sd.path("names")) {
          scraped.add(n.asText());
          assertThat(sd.path("port").asInt()).isEqualTo(ports.get(n.asText()));
        }
      }
    }
    assertThat(scraped).containsExactly("api", "worker");
    assertThat(prom.path("rule_files").toString()).contains("alerts.yml");
    String volumes =
        Compose.service("prometheus").path("volumes").toString()
            + Compose.service("grafana").path("volumes");
    for (String mounted :
        List.of(
            "./deploy/prometheus/prometheus.yml",
            "./deploy/prometheus/alerts.yml",
            "./deploy/grafana/provisioning",
            "./deploy/grafana/dashboards")) {
      assertThat(volumes).contains(mounted);
      assertThat(Files.exists(Repo.path(mounted.substring(2)))).as(mounted).isTrue();
    }
    JsonNode ds = Yaml.parse(Repo.read("deploy/grafana/provisioning/datasources/prometheus.yml"));
    assertThat(ds.path("datasources").get(0).path("url").asText())
        .isEqualTo("http://prometheus:9090");
  }

  /** An empty file for --env-file, so that a developer's own .env does not count. */
  static String emptyEnvFile() throws IOException {
    Path f = Files.createTempFile("vigil-compose", ".env");
    f.toFile().deleteOnExit();
    return f.toString();
  }

  static boolean onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }

  record Result(int exit, String output) {}

  /** Runs a command at the repository root with only PATH and the given variables. */
  static Result run(Map<String, String> env, String... command) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(command).directory(Repo.ROOT.toFile()).redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> !k.equals("PATH") && !k.equals("HOME"));
    pb.environment().putAll(env);
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }
}
