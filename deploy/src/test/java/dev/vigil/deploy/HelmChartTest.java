package dev.vigil.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Helm chart deploy/helm/vigil, rendered by the real Helm (helm-java: Helm's Go library bundled
 * for this platform and called through JNA; no helm binary needed) with its default values and with
 * every option on; each manifest is checked against the Kubernetes schemas ({@link
 * KubernetesSchemas}).
 */
class HelmChartTest {

  static final Path CHART = Repo.path("deploy/helm/vigil");

  /** Spring Boot properties the chart sets (not Vigil settings). */
  static final Set<String> SPRING_PROPERTIES =
      Set.of("SERVER_FORWARD_HEADERS_STRATEGY", "JAVA_TOOL_OPTIONS");

  static KubernetesSchemas schemas;
  static List<JsonNode> defaults;
  static List<JsonNode> full;
  final AppSettings settings = AppSettings.scan();

  @BeforeAll
  static void render() {
    schemas = KubernetesSchemas.load();
    defaults = template(t -> {});
    full = template(t -> t.withValuesFile(resource("/helm/full-values.yaml")));
  }

  static List<JsonNode> template(Consumer<TemplateCommand> options) {
    TemplateCommand t =
        new Helm(CHART).template().withName("vigil").withNamespace("soc").withKubeVersion("1.30.0");
    options.accept(t);
    return Yaml.parseAll(t.call());
  }

  static Path resource(String name) {
    try {
      return Path.of(HelmChartTest.class.getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void lintsCleanInStrictMode() {
    LintResult lint = new Helm(CHART).lint().strict().call();
    assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
  }

  @Test
  void everyManifestMatchesTheKubernetesSchemas() {
    for (List<JsonNode> manifests : List.of(defaults, full)) {
      List<String> errors = new ArrayList<>();
      for (JsonNode m : manifests) {
        schemas
            .validate(m)
            .forEach(
                e ->
                    errors.add(
                        m.path("kind").asText()
                            + "/"
                            + m.path("metadata").path("name").asText()
                            + ": "
                            + e));
        assertThat(m.path("metadata").path("name").asText())
            .matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
        assertThat(m.path("metadata").path("labels").path("app.kubernetes.io/instance").asText())
            .isEqualTo("vigil");
      }
      assertThat(errors).isEmpty();
    }
  }

  @Test
  void theSchemaCheckRejectsWhatKubernetesWould() {
    ObjectNode deployment = (ObjectNode) find(defaults, "Deployment", "vigil-api").deepCopy();
    ObjectNode container =
        (ObjectNode)
            deployment.path("spec").path("template").path("spec").path("containers").get(0);
    container.set("readinesProbe", container.path("readinessProbe"));
    assertThat(schemas.validate(deployment)).as("misspelt field").isNotEmpty();

    ObjectNode noName = (ObjectNode) find(defaults, "Deployment", "vigil-api").deepCopy();
    ((ObjectNode) noName.path("spec").path("template").path("spec").path("containers").get(0))
        .remove("name");
    assertThat(schemas.validate(noName)).as("container without a name").isNotEmpty();

    ObjectNode replicas = (ObjectNode) find(defaults, "Deployment", "vigil-api").deepCopy();
    ((ObjectNode) replicas.path("spec")).put("replicas", "two");
    assertThat(schemas.validate(replicas)).as("replicas as text").isNotEmpty();
  }

  @Test
  void defaultsRenderTheWorkloadsAndNothingOptional() {
    assertThat(kinds(defaults))
        .containsExactlyInAnyOrder(
            "ServiceAccount",
            "Secret",
            "ConfigMap/vigil-api",
            "ConfigMap/vigil-worker",
            "Service/vigil-api",
            "Service/vigil-worker",
            "Deployment/vigil-api",
            "Deployment/vigil-worker",
            "HorizontalPodAutoscaler",
            "PodDisruptionBudget/vigil-api",
            "PodDisruptionBudget/vigil-worker");
    assertThat(kinds(full))
        .contains("Ingress", "ServiceMonitor/vigil-api", "ServiceMonitor/vigil-worker")
        .doesNotContain("Secret");
  }

  @Test
  void podsRunAsNonRootOnAReadOnlyRootFilesystemWithProbes() {
    for (List<JsonNode> manifests : List.of(defaults, full)) {
      for (var component : Map.of("vigil-api", 8080, "vigil-worker", 8081).entrySet()) {
        JsonNode pod =
            find(manifests, "Deployment", component.getKey())
                .path("spec")
                .path("template")
                .path("spec");
        assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.path("securityContext").path("runAsUser").asInt()).isEqualTo(10001);
        JsonNode c = pod.path("containers").get(0);
        assertThat(c.path("securityContext").path("readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(c.path("securityContext").path("allowPrivilegeEscalation").asBoolean())
            .isFalse();
        assertThat(c.path("ports").get(0).path("containerPort").asInt())
            .isEqualTo(component.getValue());
        String port = c.path("ports").get(0).path("name").asText();
        assertThat(c.path("readinessProbe").path("httpGet").path("path").asText())
            .isEqualTo("/actuator/health/readiness");
        assertThat(c.path("livenessProbe").path("httpGet").path("path").asText())
            .isEqualTo("/actuator/health/liveness");
        assertThat(c.path("readinessProbe").path("httpGet").path("port").asText()).isEqualTo(port);
        assertThat(c.path("resources").path("requests").path("cpu").isMissingNode()).isFalse();
        assertThat(c.path("resources").path("limits").path("memory").isMissingNode()).isFalse();
        assertThat(c.path("volumeMounts").toString()).contains("\"mountPath\":\"/tmp\"");
        assertThat(pod.path("volumes").get(0).has("emptyDir")).isTrue();
      }
    }
  }

  @Test
  void configAndSecretsCarryOnlySettingsTheAppReads() {
    List<String> unknown = new ArrayList<>();
    for (List<JsonNode> manifests : List.of(defaults, full)) {
      for (var c :
          Map.of(
                  "api",
                  new String[] {"api-server"},
                  "worker",
                  new String[] {"worker", "activities"})
              .entrySet()) {
        Set<String> names = new TreeSet<>();
        find(manifests, "ConfigMap", "vigil-" + c.getKey())
            .path("data")
            .fieldNames()
            .forEachRemaining(names::add);
        find(manifests, "Deployment", "vigil-" + c.getKey())
            .path("spec")
            .path("template")
            .path("spec")
            .path("containers")
            .get(0)
            .path("env")
            .forEach(e -> names.add(e.path("name").asText()));
        for (String name : names) {
          if (!SPRING_PROPERTIES.contains(name) && !settings.readBy(name, c.getValue())) {
            unknown.add(c.getKey() + ": " + name);
          }
        }
      }
    }
    JsonNode secret =
        find(
            template(
                t ->
                    t.set("secrets.payloadKey", "a2V5")
                        .set("secrets.bootstrapAdminPassword", "pw")
                        .set("postgresql.password", "db")
                        .set("secrets.bootstrapApiKey", "vgl_x")),
            "Secret",
            "vigil");
    secret
        .path("stringData")
        .fieldNames()
        .forEachRemaining(
            n -> {
              if (!settings.readBy(n, "api-server", "worker")) {
                unknown.add("Secret: " + n);
              }
            });
    assertThat(secret.path("stringData").size()).isEqualTo(4);
    assertThat(unknown).isEmpty();
  }

  @Test
  void theWorkerGetsNoApiOnlySecrets() {
    JsonNode env =
        find(defaults, "Deployment", "vigil-worker")
            .path("spec")
            .path("template")
            .path("spec")
            .path("containers")
            .get(0)
            .path("env");
    assertThat(env.toString())
        .contains("VIGIL_PAYLOAD_KEY")
        .contains("VIGIL_DB_PASSWORD")
        .doesNotContain("BOOTSTRAP");
  }

  @Test
  void anExistingSecretReplacesTheChartsOwn() {
    JsonNode env =
        find(full, "Deployment", "vigil-api")
            .path("spec")
            .path("template")
            .path("spec")
            .path("containers")
            .get(0)
            .path("env");
    for (JsonNode e : env) {
      JsonNode ref = e.path("valueFrom").path("secretKeyRef");
      if (e.path("name").asText().equals("VIGIL_DB_PASSWORD")) {
        assertThat(ref.path("name").asText()).isEqualTo("vigil-db-app");
        assertThat(ref.path("key").asText()).isEqualTo("password");
      } else if (!ref.isMissingNode()) {
        assertThat(ref.path("name").asText())
            .as(e.path("name").asText())
            .isEqualTo("vigil-secrets");
      }
    }
    assertThat(
            find(full, "ConfigMap", "vigil-api")
                .path("data")
                .path("VIGIL_SESSION_COOKIE_SECURE")
                .asText())
        .as("TLS at the Ingress")
        .isEqualTo("true");
    assertThat(
            find(full, "ConfigMap", "vigil-api")
                .path("data")
                .path("VIGIL_LOCKOUT_FAILURES")
                .asText())
        .isEqualTo("8");
  }

  @Test
  void externalTemporalAndPostgresqlComeFromValues() {
    JsonNode data = find(full, "ConfigMap", "vigil-worker").path("data");
    assertThat(data.path("VIGIL_TEMPORAL_ADDRESS").asText())
        .isEqualTo("temporal-frontend.temporal:7233");
    assertThat(data.path("VIGIL_TEMPORAL_NAMESPACE").asText()).isEqualTo("vigil");
    assertThat(data.path("VIGIL_DB_URL").asText())
        .isEqualTo("jdbc:postgresql://db.example.internal:5432/vigil");
    assertThat(data.path("VIGIL_DB_USER").asText()).isEqualTo("vigil_owner");
    assertThat(data.path("VIGIL_LOG_FORMAT").asText()).isEqualTo("ecs");
  }

  @Test
  void workersAutoscaleOnCpuAndOptionallyOnTheTaskQueueBacklog() {
    JsonNode hpa = find(defaults, "HorizontalPodAutoscaler", "vigil-worker").path("spec");
    assertThat(hpa.path("scaleTargetRef").path("name").asText()).isEqualTo("vigil-worker");
    assertThat(hpa.path("metrics"))
        .singleElement()
        .satisfies(m -> assertThat(m.path("resource").path("name").asText()).isEqualTo("cpu"));
    assertThat(find(defaults, "Deployment", "vigil-worker").path("spec").has("replicas"))
        .as("the HPA owns the replica count")
        .isFalse();
    JsonNode metrics =
        find(full, "HorizontalPodAutoscaler", "vigil-worker").path("spec").path("metrics");
    assertThat(metrics.toString()).contains("\"type\":\"External\"").contains("playbook-runs");
    List<JsonNode> fixed =
        template(t -> t.set("worker.autoscaling.enabled", "false").set("worker.replicaCount", "3"));
    assertThat(kinds(fixed)).doesNotContain("HorizontalPodAutoscaler");
    assertThat(find(fixed, "Deployment", "vigil-worker").path("spec").path("replicas").asInt())
        .isEqualTo(3);
  }

  @Test
  void anHpaWithoutAnyMetricIsRefused() {
    assertThatThrownBy(
            () -> template(t -> t.set("worker.autoscaling.targetCPUUtilizationPercentage", "null")))
        .hasMessageContaining("needs targetCPUUtilizationPercentage");
  }

  @Test
  void ingressTerminatesTlsForTheApiService() {
    JsonNode spec = find(full, "Ingress", "vigil").path("spec");
    assertThat(spec.path("tls").get(0).path("secretName").asText()).isEqualTo("vigil-example-tls");
    assertThat(spec.path("rules").get(0).path("host").asText()).isEqualTo("vigil.example.com");
    assertThat(
            spec.path("rules")
                .get(0)
                .path("http")
                .path("paths")
                .get(0)
                .path("backend")
                .path("service")
                .path("name")
                .asText())
        .isEqualTo("vigil-api");
  }

  @Test
  void serviceMonitorsScrapeTheActuatorOfBothApps() {
    for (var c : Map.of("vigil-api", "http", "vigil-worker", "actuator").entrySet()) {
      JsonNode sm = find(full, "ServiceMonitor", c.getKey());
      assertThat(sm.path("metadata").path("labels").path("release").asText())
          .isEqualTo("kube-prometheus-stack");
      assertThat(sm.path("spec").path("endpoints").get(0).path("path").asText())
          .isEqualTo("/actuator/prometheus");
      String port = sm.path("spec").path("endpoints").get(0).path("port").asText();
      assertThat(port).isEqualTo(c.getValue());
      JsonNode service = find(full, "Service", c.getKey());
      assertThat(service.path("spec").path("ports").toString())
          .contains("\"name\":\"" + port + "\"");
      assertThat(service.path("metadata").path("labels").path("app.kubernetes.io/component"))
          .isEqualTo(
              sm.path("spec")
                  .path("selector")
                  .path("matchLabels")
                  .path("app.kubernetes.io/component"));
    }
  }

  static JsonNode find(List<JsonNode> manifests, String kind, String name) {
    return manifests.stream()
        .filter(
            m ->
                m.path("kind").asText().equals(kind)
                    && m.path("metadata").path("name").asText().equals(name))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no " + kind + " " + name + " in " + kinds(manifests)));
  }

  /** Kind, or Kind/name where a kind occurs more than once. */
  static List<String> kinds(List<JsonNode> manifests) {
    List<String> out = new ArrayList<>();
    for (JsonNode m : manifests) {
      String kind = m.path("kind").asText();
      long count = manifests.stream().filter(o -> o.path("kind").asText().equals(kind)).count();
      out.add(count > 1 ? kind + "/" + m.path("metadata").path("name").asText() : kind);
    }
    return out;
  }
}
