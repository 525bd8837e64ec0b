package io.cfmr.daemon.trigger;

import static io.cfmr.daemon.TestSchedules.APP_A;
import static io.cfmr.daemon.TestSchedules.APP_B;
import static io.cfmr.daemon.TestSchedules.APP_C;
import static io.cfmr.daemon.TestSchedules.everySecond;
import static io.cfmr.daemon.TestSchedules.schedule;
import static io.cfmr.schedule.AppState.STARTED;
import static io.cfmr.schedule.AppState.STOPPED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cfmr.daemon.metrics.Condition;
import io.cfmr.daemon.metrics.DaemonMetrics;
import io.cfmr.daemon.toggle.RecordingToggler;
import io.cfmr.daemon.toggle.ToggleDispatcher;
import io.cfmr.schedule.AppState;
import io.cfmr.toggler.ToggleOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.quartz.Trigger.TriggerState;

/** The runner with real Quartz and second-level triggers, against an in-memory Cloud Controller. */
class ScheduleRunnerTest {

  /** Monday 2024-03-04 10:00 in Berlin: office hours. */
  static final Clock MONDAY_MORNING =
      Clock.fixed(Instant.parse("2024-03-04T09:00:00Z"), ZoneOffset.UTC);

  static final String OFFICE_HOURS =
      "\"start\":\"0 8 * * MON-FRI\",\"stop\":\"0 18 * * MON-FRI\",\"timezone\":\"Europe/Berlin\"";

  final RecordingToggler cc = new RecordingToggler();
  final Map<String, Integer> outcomes = new ConcurrentHashMap<>();
  final List<Duration> resyncs = new CopyOnWriteArrayList<>();
  final List<Boolean> leader = new CopyOnWriteArrayList<>();
  final List<Duration> lags = new CopyOnWriteArrayList<>();
  ScheduleRunner runner;
  ToggleDispatcher toggles;
  DaemonMetrics metrics;

  ScheduleRunner runner(Clock clock, boolean globalDryRun) {
    metrics =
        new DaemonMetrics() {
          @Override
          public void toggled(AppState state, ToggleOutcome outcome, Duration duration) {
            outcomes.merge(outcome.label(), 1, Integer::sum);
          }

          @Override
          public void resynced(Duration duration) {
            resyncs.add(duration);
          }

          @Override
          public void leader(boolean isLeader) {
            leader.add(isLeader);
          }

          @Override
          public void triggerLag(Duration lag) {
            lags.add(lag);
          }
        };
    toggles = new ToggleDispatcher(cc, 4, Duration.ofSeconds(10), metrics);
    runner =
        new ScheduleRunner(
            clock,
            globalDryRun,
            toggles,
            metrics,
            handler -> QuartzTriggers.create(handler, 2, Duration.ofMillis(300)));
    return runner;
  }

  final List<String> fatal = new CopyOnWriteArrayList<>();
  final Condition health =
      new Condition() {
        @Override
        public void ok() {}

        @Override
        public void failing(String reason) {}

        @Override
        public void fatal(String reason, Throwable cause) {
          fatal.add(reason);
        }
      };

  @AfterEach
  void stop() {
    runner.close();
  }

  @Test
  void anErrorInAResyncPassIsFatalRatherThanEndingResyncSilently() {
    runner(MONDAY_MORNING, false).put(schedule(APP_A, OFFICE_HOURS));
    runner.activate();
    DaemonMetrics broken =
        new DaemonMetrics() {
          @Override
          public void resynced(Duration duration) {
            throw new OutOfMemoryError("in the pass");
          }
        };

    try (Resync resync = new Resync(runner, toggles, Duration.ofMillis(200), broken, health)) {
      resync.start();
      await().atMost(Duration.ofSeconds(3)).until(() -> !fatal.isEmpty());
    }
    assertThat(fatal).first().asString().contains("OutOfMemoryError");
  }

  @Test
  void alternatesStartAndStopWithTheSecondLevelSchedule() {
    runner(Clock.systemUTC(), false).put(schedule(APP_A, everySecond()));
    runner.activate();

    await().atMost(Duration.ofSeconds(8)).until(() -> cc.statesOf(APP_A).size() >= 4);
    List<AppState> states = cc.statesOf(APP_A);
    for (int i = 1; i < states.size(); i++) {
      assertThat(states.get(i)).as("call %d", i).isNotEqualTo(states.get(i - 1));
    }
  }

  @Test
  void aSharedTriggerTogglesEveryAppOnIt() {
    runner(Clock.systemUTC(), false).put(schedule(APP_A, everySecond()));
    runner.put(schedule(APP_B, everySecond()));
    runner.activate();

    assertThat(runner.triggers().triggerCount()).isEqualTo(2);
    await()
        .atMost(Duration.ofSeconds(8))
        .until(() -> cc.statesOf(APP_A).size() >= 3 && cc.statesOf(APP_B).size() >= 3);
  }

  @Test
  void reconcilesEveryAppOnActivationAndANewAppWhenAdded() {
    runner(MONDAY_MORNING, false).put(schedule(APP_A, OFFICE_HOURS));
    assertThat(cc.calls()).as("not yet active").isEmpty();

    runner.activate();
    await().atMost(Duration.ofSeconds(3)).until(() -> cc.state(APP_A) == STARTED);

    runner.put(schedule(APP_B, "\"stop\":\"0 18 * * *\",\"timezone\":\"Europe/Berlin\""));
    await().atMost(Duration.ofSeconds(3)).until(() -> cc.state(APP_B) == STOPPED);
    assertThat(cc.calls()).hasSize(2);
  }

  @Test
  void resyncStopsAnAppStartedByHandWithinOneIntervalAndLeavesSuspendedAndDryRunOnesAlone() {
    String stopAtSix = "\"stop\":\"0 18 * * *\",\"timezone\":\"Europe/Berlin\"";
    runner(MONDAY_MORNING, false).put(schedule(APP_A, stopAtSix));
    runner.put(schedule(APP_B, stopAtSix + ",\"suspend\":true"));
    runner.put(schedule(APP_C, stopAtSix + ",\"dry-run\":true"));
    runner.activate();
    await().atMost(Duration.ofSeconds(3)).until(() -> cc.state(APP_A) == STOPPED);
    cc.byHand(APP_A, STARTED);
    cc.byHand(APP_B, STARTED);
    cc.byHand(APP_C, STARTED);

    try (Resync resync = new Resync(runner, toggles, Duration.ofMillis(300), metrics, health)) {
      resync.start();
      await().atMost(Duration.ofMillis(1500)).until(() -> cc.state(APP_A) == STOPPED);
      await().atMost(Duration.ofSeconds(2)).until(() -> !resyncs.isEmpty());
    }
    assertThat(resyncs.get(0))
        .as("a pass's duration")
        .isPositive()
        .isLessThan(Duration.ofSeconds(2));
    assertThat(cc.statesOf(APP_A)).containsExactly(STOPPED, STOPPED);
    assertThat(cc.state(APP_B)).isEqualTo(STARTED);
    assertThat(cc.state(APP_C)).isEqualTo(STARTED);
    assertThat(outcomes).containsEntry("changed", 2);
  }

  @Test
  void aChangedScheduleIsReconciledAndAnUnchangedOneIsNot() {
    runner(MONDAY_MORNING, false).put(schedule(APP_A, OFFICE_HOURS));
    runner.activate();
    await().atMost(Duration.ofSeconds(3)).until(() -> cc.state(APP_A) == STARTED);

    runner.put(schedule(APP_A, OFFICE_HOURS));
    runner.put(schedule(APP_A, "\"stop\":\"0 9 * * *\",\"timezone\":\"Europe/Berlin\""));

    await().atMost(Duration.ofSeconds(3)).until(() -> cc.state(APP_A) == STOPPED);
    assertThat(cc.statesOf(APP_A)).containsExactly(STARTED, STOPPED);
  }

  @Test
  void aSuspendedScheduleIsPausedNotDeletedAndFiresAgainWhenResumed() throws InterruptedException {
    runner(Clock.systemUTC(), false).put(schedule(APP_A, everySecond() + ",\"suspend\":true"));
    runner.activate();

    Thread.sleep(2500);
    assertThat(cc.calls()).isEmpty();
    assertThat(runner.triggers().states(APP_A)).hasSize(2).containsOnly(TriggerState.PAUSED);

    runner.put(schedule(APP_A, everySecond()));
    await().atMost(Duration.ofSeconds(5)).until(() -> cc.statesOf(APP_A).size() >= 3);
    assertThat(runner.triggers().states(APP_A)).containsOnly(TriggerState.NORMAL);
  }

  @Test
  void perScheduleDryRunIsCountedWithoutACall() {
    runner(Clock.systemUTC(), false).put(schedule(APP_A, everySecond() + ",\"dry-run\":true"));
    runner.put(schedule(APP_B, everySecond()));
    runner.activate();

    await().atMost(Duration.ofSeconds(5)).until(() -> outcomes.getOrDefault("dry-run", 0) >= 2);
    assertThat(cc.statesOf(APP_A)).isEmpty();
    assertThat(cc.statesOf(APP_B)).isNotEmpty();
  }

  @Test
  void globalDryRunCallsNothing() {
    runner(Clock.systemUTC(), true).put(schedule(APP_A, everySecond()));
    runner.activate();

    await().atMost(Duration.ofSeconds(5)).until(() -> outcomes.getOrDefault("dry-run", 0) >= 3);
    assertThat(cc.calls()).isEmpty();
  }

  @Test
  void afterAPauseOneReconcileInsteadOfABurstOfStaleToggles() throws InterruptedException {
    runner(Clock.systemUTC(), false).put(schedule(APP_A, everySecond()));
    runner.activate();
    await().atMost(Duration.ofSeconds(5)).until(() -> !cc.calls().isEmpty());

    await().atMost(Duration.ofSeconds(5)).until(() -> !lags.isEmpty()); // a firing's lag
    runner.deactivate();
    assertThat(leader).as("the leader gauge: 0, 1, 0").containsExactly(false, true, false);
    Thread.sleep(3000); // three firings missed
    int before = cc.calls().size();
    Instant resumed = Instant.now();
    runner.activate();

    Thread.sleep(600);
    List<RecordingToggler.Call> after =
        cc.calls().stream().filter(call -> !call.at().isBefore(resumed)).toList();
    assertThat(cc.calls().size() - before).isBetween(1, 2);
    assertThat(after).isNotEmpty();
  }

  @Test
  void aMisfireReconcilesTheApp() {
    runner(MONDAY_MORNING, false).put(schedule(APP_A, OFFICE_HOURS));
    runner.activate();
    await().atMost(Duration.ofSeconds(3)).until(() -> cc.state(APP_A) == STARTED);

    runner.remove(APP_A);
    assertThat(runner.triggers().states(APP_A)).as("removed with its schedule").isEmpty();
    runner.put(schedule(APP_A, "\"stop\":\"0 9 * * *\",\"timezone\":\"Europe/Berlin\""));
    runner.misfired(List.of(APP_A));

    await().atMost(Duration.ofSeconds(3)).until(() -> cc.state(APP_A) == STOPPED);
  }

  static final String OFFICE_HOURS_DAILY =
      "\"start\":\"0 8 * * *\",\"stop\":\"0 18 * * *\",\"timezone\":\"Europe/Berlin\"";

  /** Christmas Day 2026, noon in Berlin. */
  static final Clock CHRISTMAS_NOON =
      Clock.fixed(Instant.parse("2026-12-25T11:00:00Z"), ZoneOffset.UTC);

  @Test
  void onAPublicHolidayTheReconcileKeepsTheAppStopped() {
    runner(CHRISTMAS_NOON, false).put(schedule(APP_A, OFFICE_HOURS_DAILY + ",\"holidays\":\"DE\""));
    runner.put(schedule(APP_B, OFFICE_HOURS_DAILY));
    runner.activate();

    await().atMost(Duration.ofSeconds(3)).until(() -> cc.calls().size() == 2);
    assertThat(cc.state(APP_A)).isEqualTo(STOPPED);
    assertThat(cc.state(APP_B)).as("without holidays").isEqualTo(STARTED);
  }

  @Test
  void aStartTriggerOnASkippedDateDoesNotStartTheApp() {
    runner(CHRISTMAS_NOON, false)
        .put(schedule(APP_A, OFFICE_HOURS_DAILY + ",\"skip-dates\":[\"2026-12-28\"]"));
    runner.activate();
    await().atMost(Duration.ofSeconds(3)).until(() -> cc.state(APP_A) == STARTED);

    runner.fired(List.of(APP_A), STOPPED, Instant.parse("2026-12-27T17:00:00Z"));
    runner.fired(List.of(APP_A), STARTED, Instant.parse("2026-12-28T07:00:00Z"));
    runner.fired(List.of(APP_A), STARTED, Instant.parse("2026-12-29T07:00:00Z"));

    await().atMost(Duration.ofSeconds(3)).until(() -> cc.calls().size() == 3);
    assertThat(cc.calls())
        .extracting(RecordingToggler.Call::state)
        .containsExactly(STARTED, STOPPED, STARTED);
  }

  @Test
  void aSharedStartTriggerLeavesStoppedOnlyTheAppWhoseDateIsSkipped() {
    runner(CHRISTMAS_NOON, false)
        .put(schedule(APP_A, OFFICE_HOURS_DAILY + ",\"skip-dates\":[\"2026-12-28\"]"));
    runner.put(schedule(APP_B, OFFICE_HOURS_DAILY));
    runner.activate();
    await().atMost(Duration.ofSeconds(3)).until(() -> cc.calls().size() == 2);

    runner.fired(List.of(APP_A, APP_B), STOPPED, Instant.parse("2026-12-27T17:00:00Z"));
    runner.fired(List.of(APP_A, APP_B), STARTED, Instant.parse("2026-12-28T07:00:00Z"));

    await().atMost(Duration.ofSeconds(3)).until(() -> cc.calls().size() == 5);
    assertThat(cc.statesOf(APP_A)).containsExactly(STARTED, STOPPED);
    assertThat(cc.statesOf(APP_B)).containsExactly(STARTED, STOPPED, STARTED);
  }

  @Test
  void aHeldAppIsLeftAloneAndGetsItsStateWhenTheHoldEnds() {
    Instant until = Instant.now().plusSeconds(2);
    cc.heldUntil(APP_A, until);
    runner(Clock.systemUTC(), false).put(schedule(APP_A, "\"stop\":\"@daily\""));
    runner.activate();

    await().atMost(Duration.ofSeconds(2)).until(() -> outcomes.containsKey("held"));
    assertThat(cc.state(APP_A)).isNull();

    await().atMost(Duration.ofSeconds(5)).until(() -> cc.state(APP_A) == STOPPED);
    assertThat(Instant.now()).isAfterOrEqualTo(until);
    assertThat(outcomes).containsEntry("held", 1).containsEntry("changed", 1);
  }

  @Test
  void aResyncLeavesAHeldAppAloneCountingItHeldAndTheAppReturnsToItsScheduleWhenTheHoldEnds() {
    runner(MONDAY_MORNING, false).put(schedule(APP_A, "\"stop\":\"0 18 * * *\""));
    runner.activate();
    await().atMost(Duration.ofSeconds(3)).until(() -> cc.state(APP_A) == STOPPED);
    cc.byHand(APP_A, STARTED);
    Instant until = Instant.now().plusSeconds(2);
    cc.heldUntil(APP_A, until);

    try (Resync resync = new Resync(runner, toggles, Duration.ofMillis(300), metrics, health)) {
      resync.start();
      await().atMost(Duration.ofSeconds(2)).until(() -> outcomes.containsKey("held"));
      assertThat(cc.state(APP_A)).as("held: started by hand, left so").isEqualTo(STARTED);
      assertThat(cc.statesOf(APP_A)).as("no call while held").containsExactly(STOPPED);

      await().atMost(Duration.ofSeconds(5)).until(() -> cc.state(APP_A) == STOPPED);
    }
    assertThat(Instant.now()).isAfterOrEqualTo(until);
    assertThat(cc.statesOf(APP_A)).containsExactly(STOPPED, STOPPED);
    assertThat(outcomes).doesNotContainKey("failed");
  }

  @Test
  void twoDaemonsWithTheSameChaosSeedFlipAtTheSameInstants() {
    String chaos = "\"chaos\":{\"uptime-percent\":50,\"period\":\"10s\",\"seed\":42}";
    RecordingToggler other = new RecordingToggler();
    runner(Clock.systemUTC(), false).put(schedule(APP_A, chaos));
    try (ScheduleRunner second =
        new ScheduleRunner(
            Clock.systemUTC(),
            false,
            new ToggleDispatcher(other, 4, Duration.ofSeconds(10), new DaemonMetrics() {}),
            new DaemonMetrics() {},
            handler -> QuartzTriggers.create(handler, 2, Duration.ofMillis(300)))) {
      second.put(schedule(APP_A, chaos));
      runner.activate();
      second.activate();

      await().atMost(Duration.ofSeconds(25)).until(() -> other.calls().size() >= 3);
      await().atMost(Duration.ofSeconds(2)).until(() -> cc.calls().size() >= 3);
    }

    List<RecordingToggler.Call> first = cc.calls().subList(0, 3);
    List<RecordingToggler.Call> second = other.calls().subList(0, 3);
    assertThat(first)
        .extracting(RecordingToggler.Call::state)
        .isEqualTo(second.stream().map(RecordingToggler.Call::state).toList());
    for (int i = 1; i < 3; i++) {
      Instant at = first.get(i).at();
      Instant flip =
          new io.cfmr.schedule.Chaos(50, Duration.ofSeconds(10), 42)
              .lastFlipAtOrBefore(at)
              .at()
              .toInstant();
      assertThat(Duration.between(flip, at)).isLessThan(Duration.ofMillis(900));
      assertThat(Duration.between(flip, second.get(i).at()).abs())
          .isLessThan(Duration.ofMillis(900));
    }
  }
}
