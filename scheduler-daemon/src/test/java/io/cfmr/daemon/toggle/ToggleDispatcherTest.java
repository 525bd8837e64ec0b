package io.cfmr.daemon.toggle;

import static io.cfmr.daemon.TestSchedules.APP_A;
import static io.cfmr.daemon.TestSchedules.APP_B;
import static io.cfmr.schedule.AppState.STARTED;
import static io.cfmr.schedule.AppState.STOPPED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.cfmr.daemon.metrics.DaemonMetrics;
import io.cfmr.schedule.AppGuid;
import io.cfmr.schedule.AppState;
import io.cfmr.toggler.ToggleOutcome;
import io.cfmr.toggler.TogglerException;
import io.cfmr.toggler.cf.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

class ToggleDispatcherTest {

  static final Instant T0 = Instant.parse("2024-03-04T07:00:00Z");

  final RecordingToggler cc = new RecordingToggler();
  final Map<String, Integer> outcomes = new ConcurrentHashMap<>();
  final List<Duration> durations = new CopyOnWriteArrayList<>();
  final AtomicInteger retries = new AtomicInteger();
  final DaemonMetrics counting =
      new DaemonMetrics() {
        @Override
        public void toggled(AppState state, ToggleOutcome outcome, Duration duration) {
          outcomes.merge(state.action() + "/" + outcome.label(), 1, Integer::sum);
          durations.add(duration);
        }

        @Override
        public void retried(AppState state) {
          retries.incrementAndGet();
        }
      };
  final ListAppender<ILoggingEvent> log = new ListAppender<>();

  @BeforeEach
  void captureLog() {
    log.list = new CopyOnWriteArrayList<>(); // the dispatcher logs on its own threads
    log.start();
    ((Logger) LoggerFactory.getLogger("io.cfmr.daemon.toggle")).addAppender(log);
  }

  @AfterEach
  void releaseLog() {
    ((Logger) LoggerFactory.getLogger("io.cfmr.daemon.toggle")).detachAppender(log);
  }

  /** What the dispatcher logged at {@code level}: each line's message. */
  List<String> logged(Level level) {
    return log.list.stream()
        .filter(event -> event.getLevel() == level)
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }

  /** The {@code reason} of each failure logged at {@code level}. */
  List<Object> reasons(Level level) {
    return log.list.stream()
        .filter(event -> event.getLevel() == level)
        .flatMap(event -> event.getKeyValuePairs().stream())
        .filter(pair -> pair.key.equals("reason"))
        .map(pair -> pair.value)
        .toList();
  }

  /** A dispatcher that never paces and waits {@code firstBackoff} before a first retry. */
  ToggleDispatcher retrying(Duration firstBackoff) {
    return new ToggleDispatcher(
        cc,
        4,
        Duration.ofSeconds(10),
        new RetryPolicy(firstBackoff, Duration.ofMinutes(1), 0),
        new Pace(0, Duration.ZERO, System::nanoTime),
        new Divergence(DaemonMetrics.NONE),
        counting);
  }

  static TogglerException unavailable() {
    return new TogglerException(
        TogglerException.Failure.UNAVAILABLE, "503 from the Cloud Controller");
  }

  static Instant at(AppGuid app, RecordingToggler cc, int call) {
    return cc.calls().stream().filter(c -> c.app().equals(app)).toList().get(call).at();
  }

  static ToggleRequest request(AppGuid app, AppState state, Instant firedAt) {
    return new ToggleRequest(app, state, firedAt, Cause.TRIGGER, false);
  }

  static AppGuid app(int i) {
    return new AppGuid(String.format("00000000-0000-4000-8000-%012d", i));
  }

  @Test
  void neverRunsMoreThanThePoolBoundAndRunsEveryApp() {
    ToggleDispatcher toggles = new ToggleDispatcher(cc, 4, Duration.ofSeconds(10), counting);
    IntStream.range(0, 40).forEach(i -> cc.slow(app(i), Duration.ofMillis(30)));

    IntStream.range(0, 40).forEach(i -> toggles.submit(request(app(i), STARTED, T0)));

    await().atMost(Duration.ofSeconds(10)).until(toggles::isIdle);
    assertThat(cc.calls()).hasSize(40);
    assertThat(cc.maxConcurrent()).isBetween(2, 4);
    assertThat(outcomes).containsEntry("start/changed", 40);
  }

  @Test
  void aSlowAppDelaysOtherAppsOnlyByThePoolBound() {
    ToggleDispatcher toggles = new ToggleDispatcher(cc, 2, Duration.ofSeconds(30), counting);
    cc.slow(APP_A, Duration.ofSeconds(5));

    toggles.submit(request(APP_A, STARTED, T0));
    Instant submitted = Instant.now();
    toggles.submit(request(APP_B, STARTED, T0));

    await().atMost(Duration.ofSeconds(3)).until(() -> cc.state(APP_B) == STARTED);
    assertThat(cc.calls().get(1).at()).isBefore(submitted.plusSeconds(2));
    assertThat(cc.state(APP_A)).isNull(); // still in flight
  }

  @Test
  void aFailingAppIsCountedAndDoesNotStopOthers() {
    ToggleDispatcher toggles = new ToggleDispatcher(cc, 1, Duration.ofSeconds(10), counting);
    cc.failing(APP_A, new TogglerException(TogglerException.Failure.APP_ACCESS, "app not found"));

    toggles.submit(request(APP_A, STOPPED, T0));
    toggles.submit(request(APP_B, STOPPED, T0));

    await().atMost(Duration.ofSeconds(5)).until(toggles::isIdle);
    assertThat(cc.state(APP_B)).isEqualTo(STOPPED);
    assertThat(outcomes).containsEntry("stop/failed", 1).containsEntry("stop/changed", 1);
    assertThat(logged(Level.INFO)).containsExactly("stopped");
  }

  @Test
  void theLatestWantedStateWinsWhileTheAppIsBusy() {
    ToggleDispatcher toggles = new ToggleDispatcher(cc, 4, Duration.ofSeconds(10), counting);
    cc.slow(APP_A, Duration.ofMillis(300));

    toggles.submit(request(APP_A, STARTED, T0)); // in flight
    toggles.submit(request(APP_A, STOPPED, T0.plusSeconds(1))); // waits
    toggles.submit(request(APP_A, STARTED, T0.plusSeconds(2))); // replaces the waiting stop
    toggles.submit(request(APP_A, STOPPED, T0.plusSeconds(3))); // replaces it again

    await().atMost(Duration.ofSeconds(5)).until(toggles::isIdle);
    assertThat(cc.statesOf(APP_A)).containsExactly(STARTED, STOPPED);
    assertThat(durations)
        .as("each try's own time")
        .hasSize(2)
        .allSatisfy(
            took -> assertThat(took).isBetween(Duration.ofMillis(300), Duration.ofSeconds(30)));
  }

  @Test
  void aLaterRequestForTheStateInFlightRunsWhenTheCallInFlightFails() {
    ToggleDispatcher toggles = new ToggleDispatcher(cc, 4, Duration.ofSeconds(10), counting);
    cc.slow(APP_A, Duration.ofMillis(300))
        .failing(APP_A, new TogglerException(TogglerException.Failure.APP_ACCESS, "forbidden"));

    toggles.submit(request(APP_A, STOPPED, T0)); // in flight, fails
    toggles.submit(request(APP_A, STOPPED, T0.plusSeconds(1))); // what is left when it does

    await().atMost(Duration.ofSeconds(5)).until(toggles::isIdle);
    assertThat(cc.statesOf(APP_A)).containsExactly(STOPPED, STOPPED);
  }

  @Test
  void anOlderFiringArrivingLateIsDropped() {
    ToggleDispatcher toggles = new ToggleDispatcher(cc, 4, Duration.ofSeconds(10), counting);
    cc.slow(APP_A, Duration.ofMillis(200));

    toggles.submit(request(APP_A, STOPPED, T0.plusSeconds(1)));
    toggles.submit(request(APP_A, STARTED, T0)); // a trigger thread that lost the race

    await().atMost(Duration.ofSeconds(5)).until(toggles::isIdle);
    assertThat(cc.statesOf(APP_A)).containsExactly(STOPPED);
  }

  @Test
  void whenStartAndStopFireTogetherStoppedWinsInEitherOrder() {
    ToggleDispatcher toggles = new ToggleDispatcher(cc, 4, Duration.ofSeconds(10), counting);
    cc.slow(APP_A, Duration.ofMillis(200)).slow(APP_B, Duration.ofMillis(200));

    toggles.submit(request(APP_A, STOPPED, T0));
    toggles.submit(request(APP_A, STARTED, T0));
    toggles.submit(request(APP_B, STARTED, T0));
    toggles.submit(request(APP_B, STOPPED, T0));

    await().atMost(Duration.ofSeconds(5)).until(toggles::isIdle);
    assertThat(cc.statesOf(APP_A)).containsExactly(STOPPED);
    assertThat(cc.state(APP_B)).isEqualTo(STOPPED);
  }

  @Test
  void forgetAllowsANewSchedulesOlderFiring() {
    ToggleDispatcher toggles = new ToggleDispatcher(cc, 4, Duration.ofSeconds(10), counting);
    toggles.submit(request(APP_A, STOPPED, T0.plusSeconds(60)));
    await().atMost(Duration.ofSeconds(5)).until(toggles::isIdle);

    toggles.forget(APP_A);
    toggles.submit(request(APP_A, STARTED, T0));

    await().atMost(Duration.ofSeconds(5)).until(toggles::isIdle);
    assertThat(cc.statesOf(APP_A)).containsExactly(STOPPED, STARTED);
  }

  @Test
  void dryRunIsLoggedAndCountedWithoutACall() {
    ToggleDispatcher toggles = new ToggleDispatcher(cc, 4, Duration.ofSeconds(10), counting);

    toggles.submit(new ToggleRequest(APP_A, STARTED, T0, Cause.RECONCILE, true));

    assertThat(cc.calls()).isEmpty();
    assertThat(outcomes).isEqualTo(Map.of("start/dry-run", 1));
    assertThat(logged(Level.INFO)).containsExactly("dry run: would start");
  }

  @Test
  void closeFinishesQueuedAndInFlightTogglesThenRefusesNewOnes() throws InterruptedException {
    ToggleDispatcher toggles = new ToggleDispatcher(cc, 1, Duration.ofSeconds(10), counting);
    cc.slow(APP_A, Duration.ofMillis(300));
    toggles.submit(request(APP_A, STARTED, T0));
    toggles.submit(request(APP_B, STARTED, T0));

    assertThat(toggles.close(Duration.ofSeconds(5))).isTrue();
    toggles.submit(request(APP_A, STOPPED, T0.plusSeconds(1)));

    assertThat(cc.calls()).extracting(RecordingToggler.Call::app).containsExactly(APP_A, APP_B);
    assertThat(cc.state(APP_B)).isEqualTo(STARTED);
    assertThat(logged(Level.WARN)).containsExactly("shutting down: stop not done");
  }

  @Test
  void closeGivesUpAfterTheGracePeriod() throws InterruptedException {
    ToggleDispatcher toggles = new ToggleDispatcher(cc, 1, Duration.ofSeconds(30), counting);
    cc.slow(APP_A, Duration.ofSeconds(10));
    toggles.submit(request(APP_A, STARTED, T0));
    toggles.submit(request(APP_B, STARTED, T0)); // queued behind A

    long started = System.nanoTime();
    assertThat(toggles.close(Duration.ofMillis(300))).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    assertThat(List.copyOf(cc.calls())).hasSize(1);
    assertThat(toggles.isIdle()).as("what was left is given up").isTrue();
    assertThat(logged(Level.WARN)).containsOnly("shutting down: start not done").hasSize(2);
  }

  @Test
  void aTryStillWaitingForItsTurnAtCloseNeverReachesTheCloudController()
      throws InterruptedException {
    Pace onePerSecond = new Pace(1, Duration.ofMinutes(5), System::nanoTime);
    ToggleDispatcher toggles =
        new ToggleDispatcher(
            cc,
            2,
            Duration.ofSeconds(10),
            RetryPolicy.defaults(),
            onePerSecond,
            new Divergence(DaemonMetrics.NONE),
            counting);
    toggles.submit(request(APP_A, STARTED, T0));
    toggles.submit(request(APP_B, STARTED, T0));
    await().atMost(Duration.ofSeconds(2)).until(() -> cc.calls().size() == 1);

    assertThat(toggles.close(Duration.ZERO)).isFalse();
    Thread.sleep(1500); // the second try's turn has come and gone

    assertThat(cc.calls()).as("whichever try went first, the other never starts").hasSize(1);
  }

  @Test
  void theFirstSuccessAfterAnOutageRetriesEveryAppWaitingOutABackoffAtOnce()
      throws InterruptedException {
    ToggleDispatcher toggles = retrying(Duration.ofSeconds(4));
    cc.failing(APP_A, unavailable()).slow(APP_A, Duration.ofSeconds(1));
    cc.failing(APP_B, unavailable());
    toggles.submit(request(APP_A, STOPPED, T0));
    toggles.submit(request(APP_B, STOPPED, T0));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> outcomes.get("stop/failed") != null && outcomes.get("stop/failed") == 2);

    cc.recovers(APP_B);
    toggles.submit(request(app(3), STOPPED, T0)); // the Cloud Controller answers again

    await().atMost(Duration.ofSeconds(3)).until(() -> cc.state(APP_B) == STOPPED);
    assertThat(Duration.between(at(APP_B, cc, 0), at(APP_B, cc, 1)))
        .as("long before B's backoff of 4 s ends")
        .isLessThan(Duration.ofMillis(3500));
    await().atMost(Duration.ofSeconds(3)).until(() -> cc.statesOf(APP_A).size() == 2);
    assertThat(retries).as("A and B, each counted as retried").hasValue(2);
    assertThat(toggles.resync(request(APP_B, STOPPED, T0.plusSeconds(1))))
        .as("B no longer waits out a backoff")
        .isTrue();
    await().atMost(Duration.ofSeconds(3)).until(() -> cc.statesOf(APP_B).size() == 3);
    // A failed again: its new backoff (8 s) replaces the first, whose end (4 s) passes unheeded.
    Thread.sleep(
        Math.max(0, Duration.between(Instant.now(), at(APP_A, cc, 0).plusSeconds(6)).toMillis()));
    assertThat(cc.statesOf(APP_A)).hasSize(2);
    assertThat(toggles.resync(request(APP_A, STOPPED, T0.plusSeconds(1))))
        .as("A waits out its backoff")
        .isFalse();
    assertThat(toggles.close(Duration.ZERO)).isFalse();
  }

  @Test
  void settledCompletesOnceEveryWatchedAppsTryEndedAndAtOnceForAppsWithNothingUnderWay() {
    ToggleDispatcher toggles = new ToggleDispatcher(cc, 4, Duration.ofSeconds(10), counting);
    cc.slow(APP_A, Duration.ofMillis(200)).slow(APP_B, Duration.ofMillis(1500));
    toggles.submit(request(APP_A, STOPPED, T0));
    toggles.submit(request(APP_B, STOPPED, T0));

    assertThat(toggles.settled(List.of(app(3)))).as("nothing under way").isDone();
    CompletableFuture<Void> settled = toggles.settled(List.of(APP_A, APP_B, app(3)));

    await().atMost(Duration.ofSeconds(3)).until(() -> cc.state(APP_A) == STOPPED);
    assertThat(settled).as("B's try is still in flight").isNotDone();
    await().atMost(Duration.ofSeconds(5)).until(settled::isDone);
    assertThat(cc.state(APP_B)).isEqualTo(STOPPED);
  }

  @Test
  void closeCompletesTheWatchesAndGivesUpTheBackoffsAsDropped() throws InterruptedException {
    ToggleDispatcher toggles = retrying(Duration.ofMillis(500));
    cc.failing(APP_A, unavailable()).slow(APP_B, Duration.ofSeconds(10));
    toggles.submit(request(APP_A, STOPPED, T0));
    toggles.submit(request(APP_B, STARTED, T0));
    await().atMost(Duration.ofSeconds(5)).until(() -> outcomes.containsKey("stop/failed"));
    toggles.submit(request(APP_B, STOPPED, T0.plusSeconds(1))); // waits behind B's start
    CompletableFuture<Void> settled = toggles.settled(List.of(APP_B));

    assertThat(toggles.close(Duration.ZERO)).isFalse();
    assertThat(settled).isDone();
    assertThat(toggles.isIdle()).isTrue();
    assertThat(logged(Level.WARN))
        .filteredOn(line -> line.startsWith("shutting down"))
        .containsExactlyInAnyOrder(
            "shutting down: stop not done",
            "shutting down: start not done",
            "shutting down: stop not done");
    Thread.sleep(1000); // A's backoff has come and gone
    assertThat(cc.statesOf(APP_A)).as("no try after close").hasSize(1);
  }

  @Test
  void aTryThatFailsWhileANewerWantedStateWaitsIsCountedAndLoggedNotRetried()
      throws InterruptedException {
    ToggleDispatcher toggles = retrying(Duration.ofMinutes(1));
    cc.slow(APP_A, Duration.ofMillis(300)).failing(APP_A, unavailable());

    toggles.submit(request(APP_A, STOPPED, T0)); // in flight, fails
    toggles.submit(request(APP_A, STARTED, T0.plusSeconds(1))); // takes over

    await().atMost(Duration.ofSeconds(5)).until(() -> cc.statesOf(APP_A).size() == 2);
    await().atMost(Duration.ofSeconds(5)).until(() -> outcomes.containsKey("start/failed"));
    assertThat(outcomes).containsEntry("stop/failed", 1);
    assertThat(logged(Level.WARN))
        .as("the newer request's first failure is its first, warned about")
        .containsExactly("stop failed", "start failed");
    toggles.close(Duration.ZERO);
  }

  @Test
  void aFailureRetryingCannotFixIsAnErrorOnlyTheFirstTime() {
    ToggleDispatcher toggles = new ToggleDispatcher(cc, 4, Duration.ofSeconds(10), counting);
    cc.failing(APP_A, new TogglerException(TogglerException.Failure.APP_ACCESS, "app not found"));

    toggles.submit(request(APP_A, STOPPED, T0));
    await().atMost(Duration.ofSeconds(5)).until(toggles::isIdle);
    assertThat(reasons(Level.ERROR)).containsExactly("app not found");
    toggles.submit(request(APP_A, STOPPED, T0.plusSeconds(60)));
    await().atMost(Duration.ofSeconds(5)).until(() -> outcomes.get("stop/failed") == 2);

    assertThat(logged(Level.ERROR)).containsExactly("stop failed");
  }

  @Test
  void aTogglerThatGivesNoResultFailsTheTryAndSaysSo() throws InterruptedException {
    ToggleDispatcher toggles =
        new ToggleDispatcher((app, state) -> Mono.empty(), 1, Duration.ofSeconds(10), counting);

    toggles.submit(request(APP_A, STOPPED, T0));

    await().atMost(Duration.ofSeconds(5)).until(() -> outcomes.containsKey("stop/failed"));
    assertThat(reasons(Level.WARN)).startsWith("IllegalStateException: the toggler gave no result");
    toggles.close(Duration.ZERO);
  }
}
