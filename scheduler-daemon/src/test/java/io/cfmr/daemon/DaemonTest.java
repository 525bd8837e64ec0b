package io.cfmr.daemon;

import static io.cfmr.daemon.TestSchedules.APP_A;
import static io.cfmr.daemon.TestSchedules.everySecond;
import static io.cfmr.daemon.TestSchedules.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cfmr.daemon.metrics.DaemonMetrics;
import io.cfmr.daemon.toggle.RecordingToggler;
import io.cfmr.toggler.TogglerException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonTest {

  @TempDir Path dir;
  final RecordingToggler cc = new RecordingToggler();

  Path schedules() throws Exception {
    return Files.writeString(dir.resolve("s.json"), "[" + json(APP_A, everySecond()) + "]");
  }

  @Test
  void runsForTheDurationThenStopsAfterFinishingToggles() throws Exception {
    DaemonConfig config =
        TestDaemons.fileConfig(
            schedules(), false, Optional.of(Duration.ofMillis(2500)), TestDaemons.CF_ENV);
    long started = System.nanoTime();
    Daemon daemon =
        Daemon.start(config, TestDaemons.env(Clock.systemUTC(), cc, TestDaemons.noKubernetes()));
    assertThat(daemon.awaitStop()).isTrue();
    daemon.close(); // what Main does once the duration is over
    assertThat(daemon.toggles().isIdle()).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    assertThat(cc.statesOf(APP_A).size()).isBetween(2, 5);
  }

  @Test
  void servesMetricsAndIsReadyOnceTheSchedulesAreLoaded() throws Exception {
    DaemonConfig config =
        TestDaemons.fileConfig(schedules(), true, Optional.empty(), Map.of()); // no credentials
    try (Daemon daemon =
        Daemon.start(config, TestDaemons.env(Clock.systemUTC(), cc, TestDaemons.noKubernetes()))) {
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://localhost:" + daemon.metricsPort();
      assertThat(get(http, base + "/readyz").statusCode()).isEqualTo(200);
      await()
          .atMost(Duration.ofSeconds(5))
          .until(
              () ->
                  get(http, base + "/metrics")
                      .body()
                      .contains("cfmr_toggles_total{action=\"stop\",outcome=\"dry-run\"} 1.0"));
      assertThat(get(http, base + "/metrics").body())
          .contains("cfmr_schedules{state=\"active\"} 1.0", "cfmr_leader 1.0");
    }
    assertThat(cc.calls()).isEmpty();
  }

  @Test
  void withoutDryRunCredentialsAreRequired() throws Exception {
    DaemonConfig config = TestDaemons.fileConfig(schedules(), false, Optional.empty(), Map.of());

    assertThatThrownBy(
            () ->
                Daemon.start(
                    config, TestDaemons.env(Clock.systemUTC(), cc, TestDaemons.noKubernetes())))
        .isInstanceOf(TogglerException.class)
        .hasMessageStartingWith("no CF credentials given");
  }

  @Test
  void aTakenMetricsPortFailsTheStartNamingThePort() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      int port = taken.getLocalPort();
      DaemonConfig config =
          TestDaemons.withMetricsPort(
              TestDaemons.fileConfig(schedules(), true, Optional.empty(), Map.of()), port);

      assertThatThrownBy(
              () ->
                  Daemon.start(
                      config, TestDaemons.env(Clock.systemUTC(), cc, TestDaemons.noKubernetes())))
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("cannot serve metrics on port " + port + " (")
          .hasMessageEndingWith("choose another with --metrics-port");
    }
  }

  @Test
  void aCloudControllerClientThatCannotBeMadeFailsTheStartAndFreesTheMetricsPort()
      throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    DaemonConfig config =
        TestDaemons.withMetricsPort(
            TestDaemons.fileConfig(schedules(), false, Optional.empty(), TestDaemons.CF_ENV), port);
    IllegalArgumentException refused = new IllegalArgumentException("CF_API is not a URL");
    DaemonEnv env =
        new DaemonEnv(
            Clock.systemUTC(),
            TestDaemons.noKubernetes(),
            (credentials, timeout, events) -> {
              throw refused;
            },
            DaemonMetrics.NONE);

    assertThatThrownBy(() -> Daemon.start(config, env)).isSameAs(refused);
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              try (ServerSocket again = new ServerSocket(port)) {
                assertThat(again.getLocalPort()).isEqualTo(port);
              }
            });
  }

  static HttpResponse<String> get(HttpClient http, String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
