package dev.vigil.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard and the Prometheus alerting rules query only metrics the apps expose, so
 * renaming a metric breaks the build instead of an operator's dashboard.
 */
class ObservabilityAssetsTest {

  /** The Prometheus names the api server and the worker expose (Vigil, Temporal SDK, Spring). */
  static final Set<String> EXPOSED =
      Set.of(
          "vigil_runs_started_total",
          "vigil_runs_ended_total",
          "vigil_step_duration_seconds_bucket",
          "vigil_step_duration_seconds_sum",
          "vigil_step_duration_seconds_count",
          "vigil_approval_wait_seconds_bucket",
          "vigil_approval_wait_seconds_sum",
          "vigil_approval_wait_seconds_count",
          "vigil_events_ingested_total",
          "vigil_events_rejected_total",
          "vigil_detection_lag_seconds",
          "vigil_alerts_raised_total",
          "vigil_incidents_open",
          "vigil_sla_breaches_total",
          "temporal_worker_task_slots_available",
          "temporal_workflow_task_schedule_to_start_latency_seconds_bucket",
          "temporal_activity_schedule_to_start_latency_seconds_bucket",
          "temporal_workflow_task_execution_latency_seconds_bucket",
          "http_server_requests_seconds_bucket",
          "http_server_requests_seconds_sum",
          "http_server_requests_seconds_count",
          "http_server_requests_seconds_max",
          "up");

  final JsonNode dashboard = read("deploy/grafana/dashboards/vigil.json");
  final JsonNode rules = Yaml.parse(Repo.read("deploy/prometheus/alerts.yml"));

  static JsonNode read(String path) {
    try {
      return Yaml.JSON.readTree(Repo.read(path));
    } catch (IOException e) {
      throw new AssertionError(path + " is not JSON", e);
    }
  }

  @Test
  void extractsMetricNamesFromPromQl() {
    assertThat(
            PromQl.metricNames(
                "histogram_quantile(0.95, sum by (le, action) (rate(vigil_step_duration_seconds_bucket{job=\"a\"}[5m]))) > 1e-9"))
        .containsExactly("vigil_step_duration_seconds_bucket");
    assertThat(
            PromQl.metricNames(
                "absent(up{job=\"vigil-worker\"} == 1) and on (job) vigil_runz_total offset 5m"))
        .containsExactly("up", "vigil_runz_total");
  }

  @Test
  void theDashboardIsAGrafanaDashboardWithAPanelPerSeries() {
    assertThat(dashboard.path("uid").asText()).isEqualTo("vigil-overview");
    assertThat(dashboard.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
    Set<String> queried = new TreeSet<>();
    for (JsonNode panel : panels()) {
      assertThat(panel.path("datasource").path("uid").asText())
          .as(panel.path("title").asText())
          .isEqualTo("${datasource}");
      panel
          .path("targets")
          .forEach(t -> queried.addAll(PromQl.metricNames(t.path("expr").asText())));
    }
    // every series the apps expose has a panel (the _sum/_max of latency histograms aside)
    Set<String> expected = new TreeSet<>(EXPOSED);
    expected.removeAll(
        Set.of(
            "vigil_step_duration_seconds_sum",
            "http_server_requests_seconds_sum",
            "http_server_requests_seconds_max"));
    assertThat(queried).containsAll(expected);
  }

  @Test
  void everyDashboardQueryNamesOnlyExposedMetrics() {
    List<String> unknown = new ArrayList<>();
    for (JsonNode panel : panels()) {
      for (JsonNode t : panel.path("targets")) {
        for (String metric : PromQl.metricNames(t.path("expr").asText())) {
          if (!EXPOSED.contains(metric)) {
            unknown.add(panel.path("title").asText() + ": " + metric);
          }
        }
      }
    }
    assertThat(unknown).isEmpty();
  }

  @Test
  void theAlertingRulesCoverTheOperatorsQuestionsWithExposedMetrics() {
    List<String> unknown = new ArrayList<>();
    Set<String> alerts = new TreeSet<>();
    for (JsonNode group : rules.path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        String name = rule.path("alert").asText();
        alerts.add(name);
        assertThat(rule.path("expr").asText()).as(name).isNotBlank();
        assertThat(rule.path("labels").path("severity").asText())
            .as(name)
            .isIn("critical", "warning");
        assertThat(rule.path("annotations").path("summary").asText()).as(name).isNotBlank();
        for (String metric : PromQl.metricNames(rule.path("expr").asText())) {
          if (!EXPOSED.contains(metric)) {
            unknown.add(name + ": " + metric);
          }
        }
      }
    }
    assertThat(unknown).isEmpty();
    assertThat(alerts)
        .contains(
            "VigilWorkerDown",
            "VigilDetectionLagHigh",
            "VigilSlaBreachesRising",
            "VigilRunFailureRateHigh",
            "VigilWorkflowTaskScheduleToStartHigh",
            "VigilActivityScheduleToStartHigh",
            "VigilIngestRejections");
  }

  @Test
  void rulesUseTheJobNamesThePrometheusConfigScrapes() {
    Set<String> jobs = new TreeSet<>();
    Yaml.parse(Repo.read("deploy/prometheus/prometheus.yml"))
        .path("scrape_configs")
        .forEach(j -> jobs.add(j.path("job_name").asText()));
    String all = rules.toString() + dashboard;
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("job=\\\\\"([a-z-]+)\\\\\"").matcher(all);
    int seen = 0;
    while (m.find()) {
      assertThat(jobs).contains(m.group(1));
      seen++;
    }
    assertThat(seen).isPositive();
  }

  private List<JsonNode> panels() {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode p : dashboard.path("panels")) {
      if (!p.path("type").asText().equals("row")) {
        out.add(p);
      }
      p.path("panels").forEach(out::add);
    }
    assertThat(out).isNotEmpty();
    return out;
  }
}
