package io.cfmr.daemon.toggle;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.cfmr.daemon.TestSchedules.APP_A;
import static io.cfmr.schedule.AppState.STARTED;
import static io.cfmr.schedule.AppState.STOPPED;
import static io.cfmr.toggler.cf.FakeCloudFoundry.v3Error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.cfmr.daemon.metrics.DaemonMetrics;
import io.cfmr.schedule.AppGuid;
import io.cfmr.schedule.AppState;
import io.cfmr.toggler.ToggleOutcome;
import io.cfmr.toggler.cf.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Retries, the pool's pace and divergence, with the toggler's real client against a Cloud
 * Controller (WireMock) that fails, recovers and rate-limits.
 */
class ConvergenceTest {

  static final Instant T0 = Instant.parse("2024-03-04T18:00:00Z");
  static final RetryPolicy FAST =
      new RetryPolicy(Duration.ofMillis(100), Duration.ofMillis(400), 0.2);

  // One server per test: a try still in flight when a test ends must not reach the next test's
  // strict fake (it fails on requests no stub matches).
  @RegisterExtension final WireMockExtension server = FakeCloudController.server();

  FakeCloudController cf;
  final AtomicInteger retries = new AtomicInteger();
  final Map<String, Integer> outcomes = new ConcurrentHashMap<>();
  final AtomicInteger diverged = new AtomicInteger(-1); // until the gauge is first set
  final DaemonMetrics metrics =
      new DaemonMetrics() {
        @Override
        public void toggled(AppState state, ToggleOutcome outcome, Duration duration) {
          outcomes.merge(state.action() + "/" + outcome.label(), 1, Integer::sum);
        }

        @Override
        public void retried(AppState state) {
          retries.incrementAndGet();
        }

        @Override
        public void diverged(int apps) {
          diverged.set(apps);
        }
      };
  final ListAppender<ILoggingEvent> log = new ListAppender<>();
  Pace pace;
  Divergence divergence;
  CfAppToggler toggler;
  ToggleDispatcher toggles;

  @BeforeEach
  void fakeCloudController() {
    cf = new FakeCloudController(server);
  }

  ToggleDispatcher dispatcher(int perSecond) {
    return dispatcher(new Pace(perSecond, Duration.ofSeconds(30), System::nanoTime), FAST);
  }

  ToggleDispatcher dispatcher(Pace pace, RetryPolicy retry) {
    this.pace = pace;
    divergence = new Divergence(metrics);
    toggler =
        CfAppToggler.create(
            cf.credentials(),
            Duration.ofSeconds(5),
            CfAppToggler.events(metrics, pace, divergence));
    toggles =
        new ToggleDispatcher(toggler, 4, Duration.ofSeconds(10), retry, pace, divergence, metrics);
    log.start();
    ((Logger) LoggerFactory.getLogger("io.cfmr.daemon.toggle")).addAppender(log);
    return toggles;
  }

  @AfterEach
  void close() throws InterruptedException {
    ((Logger) LoggerFactory.getLogger("io.cfmr.daemon.toggle")).detachAppender(log);
    toggles.close(Duration.ZERO);
    toggler.close();
  }

  static AppGuid app(int i) {
    return new AppGuid(String.format("00000000-0000-4000-8000-%012d", i));
  }

  static ToggleRequest request(AppGuid app, AppState state, Instant firedAt) {
    return new ToggleRequest(app, state, firedAt, Cause.TRIGGER, false);
  }

  @Test
  void anOutageSpanningAFiringIsHealedAfterRecoveryWithoutANewFiring() {
    ToggleDispatcher toggles = dispatcher(0);
    answer(APP_A, unavailable(), "stop", appIn(APP_A, STOPPED));

    toggles.submit(request(APP_A, STOPPED, T0));
    await().atMost(Duration.ofSeconds(5)).until(() -> looks(APP_A) >= 3);
    answer(APP_A, appIn(APP_A, STARTED), "stop", appIn(APP_A, STOPPED));

    await().atMost(Duration.ofSeconds(5)).until(() -> cf.actions(APP_A, "stop") == 1);
    await().atMost(Duration.ofSeconds(2)).until(toggles::isIdle);
    assertThat(retries).hasValueGreaterThanOrEqualTo(2);
    assertThat(outcomes).containsEntry("stop/changed", 1).containsKey("stop/failed");
    assertThat(warnings(APP_A)).as("only the first failure warns").isEqualTo(1);
  }

  @Test
  void aNotFoundAppIsNotRetriedAndLoggedOnce() throws InterruptedException {
    ToggleDispatcher toggles = dispatcher(0);
    server.stubFor(
        get(urlEqualTo("/v3/apps/" + APP_A))
            .willReturn(v3Error(404, "CF-ResourceNotFound", 10010, "App not found")));

    toggles.submit(request(APP_A, STOPPED, T0));
    await().atMost(Duration.ofSeconds(5)).until(toggles::isIdle);
    toggles.submit(request(APP_A, STOPPED, T0.plusSeconds(60)));
    await().atMost(Duration.ofSeconds(5)).until(toggles::isIdle);
    Thread.sleep(500); // a retry would come within FAST's 400 ms

    assertThat(looks(APP_A)).isEqualTo(2);
    assertThat(retries).hasValue(0);
    assertThat(outcomes).containsEntry("stop/failed", 2);
    assertThat(log.list)
        .filteredOn(event -> event.getLevel().toString().equals(Level.ERROR.name()))
        .hasSize(1);
  }

  @Test
  void aLaterFiringSupersedesARetryingOlderOne() throws InterruptedException {
    ToggleDispatcher toggles = dispatcher(0);
    answer(APP_A, unavailable(), "stop", appIn(APP_A, STOPPED));
    server.stubFor(
        post(urlEqualTo("/v3/apps/" + APP_A + "/actions/start")).willReturn(appIn(APP_A, STARTED)));

    toggles.submit(request(APP_A, STOPPED, T0));
    await().atMost(Duration.ofSeconds(5)).until(() -> looks(APP_A) >= 2);
    toggles.submit(request(APP_A, STARTED, T0.plusSeconds(60)));
    answer(APP_A, appIn(APP_A, STARTED), "stop", appIn(APP_A, STOPPED));

    await().atMost(Duration.ofSeconds(5)).until(toggles::isIdle);
    int looksAfterRecovery = looks(APP_A);
    Thread.sleep(500);
    assertThat(cf.actions(APP_A, "stop")).as("the older stop is never retried").isZero();
    assertThat(looks(APP_A)).isEqualTo(looksAfterRecovery);
    assertThat(outcomes).containsEntry("start/already-in-state", 1);
  }

  @Test
  void anAppFoundOutOfStateCountsAsDivergedUntilATryFixesIt() {
    ToggleDispatcher toggles = dispatcher(0);
    answer(APP_A, appIn(APP_A, STARTED), "stop", unavailable());

    toggles.submit(request(APP_A, STOPPED, T0));
    await().atMost(Duration.ofSeconds(5)).until(() -> cf.actions(APP_A, "stop") >= 1);
    assertThat(diverged).hasValue(1);
    answer(APP_A, appIn(APP_A, STARTED), "stop", appIn(APP_A, STOPPED));

    await().atMost(Duration.ofSeconds(5)).until(() -> diverged.get() == 0);
    assertThat(cf.actions(APP_A, "stop")).isGreaterThanOrEqualTo(2);
  }

  @Test
  void theDivergenceGaugeStartsAtZeroAndAnAppLeavesItWhenSeenInStateOrForgotten() {
    ToggleDispatcher toggles = dispatcher(0);
    assertThat(diverged).hasValue(0);

    divergence.looked(APP_A, STOPPED, false);
    assertThat(diverged).hasValue(1);
    assertThat(divergence.count()).isEqualTo(1);
    toggles.forget(APP_A); // its schedule went
    assertThat(diverged).hasValue(0);

    divergence.looked(APP_A, STOPPED, false);
    divergence.looked(APP_A, STOPPED, true); // stopped by hand
    assertThat(diverged).hasValue(0);
    assertThat(divergence.count()).isZero();
  }

  @Test
  void aRateLimitStormNeverPushesThePoolAboveItsRate() {
    int perSecond = 10;
    ToggleDispatcher toggles = dispatcher(perSecond);
    server.stubFor(get(urlPathMatching("/v3/apps/[^/]+")).willReturn(rateLimited()));

    warmUp(toggles);
    long stormStarted = System.currentTimeMillis();

    IntStream.range(0, 40).forEach(i -> toggles.submit(request(app(i), STOPPED, T0)));
    await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> true);

    List<Long> starts = lookTimes().stream().filter(at -> at >= stormStarted).toList();
    assertThat(starts).hasSizeGreaterThan(2 * perSecond);
    assertThat(maxInAnySecond(starts)).isLessThanOrEqualTo(perSecond + 1);
  }

  @Test
  void aRetryAfterPausesTheWholePool() {
    ToggleDispatcher toggles = dispatcher(0);
    server.stubFor(
        get(urlEqualTo("/v3/apps/" + APP_A))
            .willReturn(rateLimited().withHeader("Retry-After", "2")));
    IntStream.range(0, 4)
        .forEach(
            i ->
                server.stubFor(
                    get(urlEqualTo("/v3/apps/" + app(i))).willReturn(appIn(app(i), STOPPED))));

    toggles.submit(request(APP_A, STOPPED, T0));
    await().atMost(Duration.ofSeconds(5)).until(() -> pace.isPaused(System.nanoTime()));
    long limited = lookTimes().get(0);
    IntStream.range(0, 4).forEach(i -> toggles.submit(request(app(i), STOPPED, T0)));

    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                outcomes.get("stop/already-in-state") != null
                    && outcomes.get("stop/already-in-state") == 4);
    List<Long> others = lookTimes().stream().skip(1).toList();
    assertThat(others).hasSizeGreaterThanOrEqualTo(4).allMatch(at -> at - limited >= 1900);
  }

  @Test
  void aTryToldToWaitWaitsOutItsRetryAfterEvenWhenOtherTriesSucceed() {
    // A pool that never pauses and a first backoff of 100 ms: only the try's own Retry-After can
    // hold its retry back.
    ToggleDispatcher toggles =
        dispatcher(
            new Pace(0, Duration.ZERO, System::nanoTime),
            new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(5), 0.2));
    AppGuid other = app(1);
    lookAnswers(APP_A, rateLimited().withHeader("Retry-After", "2"), appIn(APP_A, STOPPED));
    server.stubFor(get(urlEqualTo("/v3/apps/" + other)).willReturn(appIn(other, STOPPED)));

    toggles.submit(request(APP_A, STOPPED, T0));
    await().atMost(Duration.ofSeconds(5)).until(() -> looks(APP_A) == 1);
    toggles.submit(request(other, STOPPED, T0));

    await().atMost(Duration.ofSeconds(5)).until(toggles::isIdle);
    assertThat(outcomes).containsEntry("stop/already-in-state", 2);
    List<Long> looksOfA = lookTimes(APP_A);
    assertThat(looksOfA).hasSize(2);
    assertThat(lookTimes(other).get(0) - looksOfA.get(0))
        .as("the other app succeeded while the first waited")
        .isLessThan(1500);
    assertThat(looksOfA.get(1) - looksOfA.get(0)).isGreaterThanOrEqualTo(1900);
  }

  @Test
  void aRetryAfterAfterAnOutageIsWaitedInsteadOfTheBackoffTheOutageGrew() {
    ToggleDispatcher toggles =
        dispatcher(
            new Pace(0, Duration.ZERO, System::nanoTime),
            new RetryPolicy(Duration.ofSeconds(2), Duration.ofSeconds(30), 0));
    lookAnswers(APP_A, unavailable(), rateLimited().withHeader("Retry-After", "1"));

    toggles.submit(request(APP_A, STOPPED, T0));

    await().atMost(Duration.ofSeconds(10)).until(toggles::isIdle);
    List<Long> looks = lookTimes(APP_A);
    assertThat(looks).hasSize(3);
    assertThat(looks.get(1) - looks.get(0)).as("the first backoff").isGreaterThanOrEqualTo(1900);
    assertThat(looks.get(2) - looks.get(1))
        .as("Retry-After: 1, not the second backoff of 4 s")
        .isBetween(900L, 3500L);
  }

  /** The app's looks answer {@code first}, then {@code then}, and from then on its state. */
  void lookAnswers(AppGuid app, ResponseDefinitionBuilder first, ResponseDefinitionBuilder then) {
    String scenario = "looks of " + app;
    server.stubFor(
        get(urlEqualTo("/v3/apps/" + app))
            .inScenario(scenario)
            .willReturn(first)
            .willSetStateTo("second"));
    server.stubFor(
        get(urlEqualTo("/v3/apps/" + app))
            .inScenario(scenario)
            .whenScenarioStateIs("second")
            .willReturn(then)
            .willSetStateTo("answered"));
    server.stubFor(
        get(urlEqualTo("/v3/apps/" + app))
            .inScenario(scenario)
            .whenScenarioStateIs("answered")
            .willReturn(appIn(app, STOPPED)));
  }

  /**
   * One toggle first, so that discovery and the token are done: the first tries wait for them and
   * then reach the Cloud Controller together, which a daemon does once in its life.
   */
  void warmUp(ToggleDispatcher toggles) {
    AppGuid warm = app(999);
    server.stubFor(get(urlEqualTo("/v3/apps/" + warm)).willReturn(appIn(warm, STOPPED)));
    toggles.submit(request(warm, STOPPED, T0));
    await().atMost(Duration.ofSeconds(5)).until(toggles::isIdle);
  }

  /** The app's look answers {@code look}; its {@code action} answers {@code acted}. */
  void answer(
      AppGuid app, ResponseDefinitionBuilder look, String action, ResponseDefinitionBuilder acted) {
    server.stubFor(get(urlEqualTo("/v3/apps/" + app)).willReturn(look));
    server.stubFor(post(urlEqualTo("/v3/apps/" + app + "/actions/" + action)).willReturn(acted));
  }

  int looks(AppGuid app) {
    return server
        .countRequestsMatching(getRequestedFor(urlEqualTo("/v3/apps/" + app)).build())
        .getCount();
  }

  /** When each look reached the Cloud Controller, in milliseconds, in order. */
  List<Long> lookTimes() {
    return lookTimes("/v3/apps/");
  }

  /** When each look at {@code app} reached the Cloud Controller, in milliseconds, in order. */
  List<Long> lookTimes(AppGuid app) {
    return lookTimes("/v3/apps/" + app);
  }

  private List<Long> lookTimes(String urlPrefix) {
    return server.getAllServeEvents().stream()
        .map(ServeEvent::getRequest)
        .filter(request -> request.getMethod().getName().equals("GET"))
        .filter(request -> request.getUrl().startsWith(urlPrefix))
        .map(request -> request.getLoggedDate().getTime())
        .sorted()
        .toList();
  }

  static int maxInAnySecond(List<Long> sorted) {
    int max = 0;
    for (int first = 0, last = 0; first < sorted.size(); first++) {
      while (last < sorted.size() && sorted.get(last) < sorted.get(first) + 1000) {
        last++;
      }
      max = Math.max(max, last - first);
    }
    return max;
  }

  long warnings(AppGuid app) {
    return log.list.stream()
        .filter(event -> event.getLevel().toString().equals(Level.WARN.name()))
        .filter(event -> app.value().equals(event.getMDCPropertyMap().get("app_guid")))
        .count();
  }

  ResponseDefinitionBuilder appIn(AppGuid app, AppState state) {
    return cf.appIn(app, state);
  }

  static ResponseDefinitionBuilder rateLimited() {
    return v3Error(429, "CF-RateLimitExceeded", 10013, "Rate Limit Exceeded");
  }

  static ResponseDefinitionBuilder unavailable() {
    return aResponse().withStatus(503).withBody("unavailable");
  }
}
