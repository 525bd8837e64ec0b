package io.cfmr.daemon.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.cfmr.schedule.AppState;
import io.cfmr.toggler.ToggleOutcome;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrometheusMetricsTest {

  final PrometheusMetrics metrics = new PrometheusMetrics();

  List<String> samples() {
    return Arrays.stream(metrics.scrape().split("\n")).filter(l -> !l.startsWith("#")).toList();
  }

  @Test
  void exposesTheContractsMetricNames() {
    metrics.toggled(AppState.STARTED, ToggleOutcome.CHANGED, Duration.ofMillis(300));
    metrics.toggled(AppState.STOPPED, ToggleOutcome.DRY_RUN, Duration.ZERO);
    metrics.toggled(AppState.STOPPED, ToggleOutcome.DRY_RUN, Duration.ZERO);
    metrics.triggerLag(Duration.ofMillis(20));
    metrics.schedules(3, 1);
    metrics.leader(true);
    metrics.tokenRequested();

    assertThat(samples())
        .contains(
            "cfmr_toggles_total{action=\"start\",outcome=\"changed\"} 1.0",
            "cfmr_toggles_total{action=\"start\",outcome=\"failed\"} 0.0",
            "cfmr_toggles_total{action=\"start\",outcome=\"held\"} 0.0",
            "cfmr_toggles_total{action=\"stop\",outcome=\"already-in-state\"} 0.0",
            "cfmr_toggles_total{action=\"stop\",outcome=\"dry-run\"} 2.0",
            "cfmr_toggle_duration_seconds_count{action=\"start\",outcome=\"changed\"} 1",
            "cfmr_toggle_duration_seconds_sum{action=\"start\",outcome=\"changed\"} 0.3",
            "cfmr_toggle_duration_seconds_bucket{action=\"start\",outcome=\"changed\",le=\"0.5\"} 1",
            "cfmr_trigger_lag_seconds_bucket{le=\"0.01\"} 0",
            "cfmr_trigger_lag_seconds_bucket{le=\"0.05\"} 1",
            "cfmr_trigger_lag_seconds_count 1",
            "cfmr_schedules{state=\"active\"} 3.0",
            "cfmr_schedules{state=\"suspended\"} 1.0",
            "cfmr_leader 1.0",
            "cfmr_uaa_token_requests_total 1.0");
    assertThat(samples()).noneMatch(line -> line.contains("outcome=\"dry-run\",le="));
  }

  @Test
  void exposesTheConvergenceMetrics() {
    metrics.retried(AppState.STOPPED);
    metrics.retried(AppState.STOPPED);
    metrics.diverged(3);
    metrics.diverged(2);
    metrics.resynced(Duration.ofSeconds(4));

    assertThat(samples())
        .contains(
            "cfmr_toggle_retries_total{action=\"stop\"} 2.0",
            "cfmr_toggle_retries_total{action=\"start\"} 0.0",
            "cfmr_apps_diverged 2.0",
            "cfmr_resync_duration_seconds_count 1",
            "cfmr_resync_duration_seconds_sum 4.0",
            "cfmr_resync_duration_seconds_bucket{le=\"10.0\"} 1");
  }

  @Test
  void servesMetricsAndProbes() throws Exception {
    List<String> fatal = new ArrayList<>();
    Health health = new Health((reason, cause) -> fatal.add(reason));
    Condition source = health.condition("schedule source");
    try (HttpEndpoints http = HttpEndpoints.start(0, metrics, health)) {
      HttpClient client = HttpClient.newHttpClient();
      String base = "http://localhost:" + http.port();

      assertThat(status(client, base + "/healthz")).isEqualTo(200);
      assertThat(status(client, base + "/readyz")).isEqualTo(503);
      health.ready();
      assertThat(status(client, base + "/readyz")).isEqualTo(200);
      source.failing("file unreadable");
      assertThat(status(client, base + "/readyz")).isEqualTo(503);
      source.ok();
      assertThat(status(client, base + "/readyz")).isEqualTo(200);
      source.fatal("poller died", new OutOfMemoryError());
      assertThat(status(client, base + "/readyz")).isEqualTo(503);
      assertThat(fatal).containsExactly("schedule source: poller died");
      HttpResponse<String> scrape =
          client.send(
              HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(scrape.headers().firstValue("content-type"))
          .contains(HttpEndpoints.PROMETHEUS_TEXT);
      assertThat(scrape.body()).contains("cfmr_leader 0.0");
      health.stopping();
      assertThat(status(client, base + "/healthz")).isEqualTo(503);
      assertThat(status(client, base + "/nope")).isEqualTo(404);
    }
  }

  static int status(HttpClient client, String url) throws Exception {
    return client
        .send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
