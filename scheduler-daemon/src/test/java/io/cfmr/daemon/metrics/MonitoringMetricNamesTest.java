package io.cfmr.daemon.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.cfmr.broker.health.BrokerMetrics;
import io.cfmr.schedule.AppState;
import io.cfmr.toggler.ToggleOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The alert rules and the Grafana dashboard in {@code deploy/monitoring} query only metrics the
 * programs really expose: the names come from scraping a real {@link PrometheusMetrics} and {@link
 * BrokerMetrics} that have recorded one of each event, not from a copy of the names. (This lives in
 * the daemon module because it is the one whose tests reach both programs.)
 */
class MonitoringMetricNamesTest {

  private static final Path MONITORING =
      Paths.get("..", "deploy", "monitoring").toAbsolutePath().normalize();

  /**
   * kube-state-metrics' names, which only the cronjob-mode alert reads; prometheusrule.yaml says
   * that it depends on kube-state-metrics.
   */
  private static final Set<String> KUBE_STATE_METRICS = Set.of("kube_job_failed");

  /** PromQL words that are not metric names (functions, aggregations, operators, modifiers). */
  private static final Set<String> PROMQL_WORDS =
      Set.of(
          "sum",
          "max",
          "min",
          "avg",
          "count",
          "rate",
          "increase",
          "histogram_quantile",
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "and",
          "or",
          "unless",
          "bool",
          "offset");

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_:][A-Za-z0-9_:]*");

  @Test
  void theAlertRulesQueryOnlyMetricsTheDaemonExposesOrKubeStateMetricsOnes() throws IOException {
    JsonNode rule = new ObjectMapper(new YAMLFactory()).readTree(read("prometheusrule.yaml"));
    List<String> expressions = new ArrayList<>();
    rule.path("spec")
        .path("groups")
        .forEach(g -> g.path("rules").forEach(r -> expressions.add(r.path("expr").asText())));
    Set<String> queried = metricNames(expressions);

    assertThat(queried).contains("cfmr_apps_diverged");
    Set<String> exposed = daemonMetricNames();
    assertThat(queried)
        .allSatisfy(
            name ->
                assertThat(exposed.contains(name) || KUBE_STATE_METRICS.contains(name))
                    .as("%s: the daemon exposes %s", name, exposed)
                    .isTrue());
    if (queried.stream().anyMatch(KUBE_STATE_METRICS::contains)) {
      assertThat(read("prometheusrule.yaml")).contains("kube-state-metrics");
    }
  }

  @Test
  void everyDashboardPanelQueriesOnlyMetricsTheDaemonOrTheBrokerExposes() throws IOException {
    JsonNode dashboard = new ObjectMapper().readTree(read("grafana-dashboard.json"));
    Set<String> exposed = new TreeSet<>(daemonMetricNames());
    exposed.addAll(brokerMetricNames());
    for (JsonNode panel : dashboard.path("panels")) {
      List<String> expressions = new ArrayList<>();
      panel.path("targets").forEach(t -> expressions.add(t.path("expr").asText()));
      assertThat(metricNames(expressions))
          .as("panel %s queries metrics nobody exposes", panel.path("title").asText())
          .isSubsetOf(exposed);
    }
    assertThat(metricNames(expressionsOf(dashboard)))
        .as("the convergence panels")
        .contains(
            "cfmr_toggle_retries_total",
            "cfmr_apps_diverged",
            "cfmr_resync_duration_seconds_bucket",
            "cfmr_resync_duration_seconds_sum",
            "cfmr_resync_duration_seconds_count");
  }

  @Test
  void theNameExtractionSkipsLabelsFunctionsAndGrafanaVariables() {
    assertThat(
            metricNames(
                List.of(
                    "histogram_quantile(0.99, sum by (le) (rate(a_bucket{namespace=~\"$ns\","
                        + " job=\"x-y\"}[$__rate_interval]))) / on (pod) b_total > 0",
                    "max(c) and d offset 5m")))
        .containsExactly("a_bucket", "b_total", "c", "d");
  }

  /** The sample names of a daemon that has toggled, with a duration, at least once. */
  private static Set<String> daemonMetricNames() {
    PrometheusMetrics metrics = new PrometheusMetrics();
    metrics.toggled(AppState.STOPPED, ToggleOutcome.CHANGED, Duration.ofSeconds(1));
    return sampleNames(metrics.scrape());
  }

  /** The sample names of a broker that has answered a request and met a Kubernetes error. */
  private static Set<String> brokerMetricNames() {
    BrokerMetrics metrics = new BrokerMetrics();
    metrics.request("bind", 201, 1_000_000);
    metrics.kubernetesError("bind");
    return sampleNames(metrics.scrape());
  }

  private static Set<String> sampleNames(String exposition) {
    return Arrays.stream(exposition.split("\n"))
        .filter(line -> !line.isBlank() && !line.startsWith("#"))
        .map(line -> line.split("[{ ]", 2)[0])
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static List<String> expressionsOf(JsonNode dashboard) {
    List<String> expressions = new ArrayList<>();
    dashboard
        .path("panels")
        .forEach(p -> p.path("targets").forEach(t -> expressions.add(t.path("expr").asText())));
    return expressions;
  }

  /**
   * The metric names in PromQL expressions: what is left once strings, label matchers, ranges,
   * grouping label lists, numbers and PromQL's own words are taken out.
   */
  static Set<String> metricNames(List<String> expressions) {
    Set<String> names = new TreeSet<>();
    for (String expression : expressions) {
      String bare =
          expression
              .replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "")
              .replaceAll("\\{[^}]*}", " ")
              .replaceAll("\\[[^\\]]*]", " ")
              .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
              .replaceAll("\\boffset\\s+\\w+", " ");
      Matcher identifier = IDENTIFIER.matcher(bare);
      while (identifier.find()) {
        String word = identifier.group();
        if (!PROMQL_WORDS.contains(word)) {
          names.add(word);
        }
      }
    }
    return names;
  }

  private static String read(String file) throws IOException {
    return Files.readString(MONITORING.resolve(file));
  }
}
