package io.cfmr.daemon.trigger;

import static io.cfmr.daemon.TestSchedules.APP_A;
import static io.cfmr.daemon.TestSchedules.APP_B;
import static io.cfmr.daemon.TestSchedules.APP_C;
import static io.cfmr.daemon.TestSchedules.schedule;
import static io.cfmr.schedule.AppState.STARTED;
import static io.cfmr.schedule.AppState.STOPPED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cfmr.daemon.metrics.DaemonMetrics;
import io.cfmr.daemon.toggle.RecordingToggler;
import io.cfmr.daemon.toggle.ToggleDispatcher;
import io.cfmr.schedule.Schedule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the runner does with a misfire, a trigger and a schedule change depends on whether it leads
 * and whether the schedule is suspended: each guard, one test. The clock is moved by hand, so that
 * a misfire has a later firing to find; the office-hours triggers never fire during a test.
 */
class ScheduleRunnerGuardsTest {

  /** Monday 2024-03-04 10:00 in Berlin: office hours. */
  static final Instant MONDAY_MORNING = Instant.parse("2024-03-04T09:00:00Z");

  /** The same Monday 18:30 in Berlin: the stop has fired. */
  static final Instant MONDAY_EVENING = Instant.parse("2024-03-04T17:30:00Z");

  static final String OFFICE_HOURS =
      "\"start\":\"0 8 * * MON-FRI\",\"stop\":\"0 18 * * MON-FRI\",\"timezone\":\"Europe/Berlin\"";

  static final Schedule OFFICE = schedule(APP_A, OFFICE_HOURS);
  static final Schedule SUSPENDED = schedule(APP_A, OFFICE_HOURS + ",\"suspend\":true");

  final AtomicReference<Instant> now = new AtomicReference<>(MONDAY_MORNING);
  final RecordingToggler cc = new RecordingToggler();
  final List<String> counted = new CopyOnWriteArrayList<>();
  final ScheduleRunner runner =
      new ScheduleRunner(
          new HandClock(now),
          false,
          new ToggleDispatcher(cc, 2, Duration.ofSeconds(10), DaemonMetrics.NONE),
          new DaemonMetrics() {
            @Override
            public void schedules(int active, int suspended) {
              counted.add(active + "/" + suspended);
            }
          },
          handler -> QuartzTriggers.create(handler, 1, Duration.ofSeconds(60)));

  @AfterEach
  void close() {
    runner.close();
  }

  @Test
  void aMisfireSetsTheAppToTheLatestFiringOfItsSchedule() {
    runner.put(OFFICE);
    runner.activate();
    await().atMost(Duration.ofSeconds(3)).until(() -> cc.state(APP_A) == STARTED);

    now.set(MONDAY_EVENING);
    runner.misfired(List.of(APP_A));

    await().atMost(Duration.ofSeconds(3)).until(() -> cc.state(APP_A) == STOPPED);
    assertThat(cc.statesOf(APP_A)).containsExactly(STARTED, STOPPED);
  }

  @Test
  void aMisfireOnAStandbyReplicaOfASuspendedScheduleOrOfAnUnknownAppCallsNothing() {
    runner.put(OFFICE);
    now.set(MONDAY_EVENING);
    runner.misfired(List.of(APP_A));
    runner.put(SUSPENDED);
    runner.activate();
    runner.misfired(List.of(APP_A));
    runner.misfired(List.of(APP_C));

    assertNoCallWhileAnotherAppIsToggled();
    assertThat(cc.statesOf(APP_A)).isEmpty();
  }

  @Test
  void aTriggerFiresOnlyForAnActiveUnsuspendedScheduleOnTheLeader() {
    Instant evening = Instant.parse("2024-03-04T17:00:00Z");
    runner.put(OFFICE);
    runner.fired(List.of(APP_A), STOPPED, evening);
    runner.put(SUSPENDED);
    runner.activate();
    runner.fired(List.of(APP_A), STOPPED, evening);
    runner.fired(List.of(APP_C), STOPPED, evening);
    assertNoCallWhileAnotherAppIsToggled();
    assertThat(cc.statesOf(APP_A)).isEmpty();

    runner.put(OFFICE);
    await().atMost(Duration.ofSeconds(3)).until(() -> cc.state(APP_A) == STARTED);
    runner.fired(List.of(APP_A), STOPPED, evening);

    await().atMost(Duration.ofSeconds(3)).until(() -> cc.state(APP_A) == STOPPED);
  }

  @Test
  void aChangedSchedulesOlderFiringIsNotDroppedAsStaleAgainstTheOldSchedule() {
    runner.put(OFFICE); // 08:00 start decides: fired 07:00 UTC
    runner.activate();
    await().atMost(Duration.ofSeconds(3)).until(() -> cc.state(APP_A) == STARTED);

    runner.put(schedule(APP_A, "\"stop\":\"0 7 * * *\",\"timezone\":\"Europe/Berlin\""));

    await().atMost(Duration.ofSeconds(3)).until(() -> cc.state(APP_A) == STOPPED);
  }

  @Test
  void aScheduleSuspendedWhileLeadingIsNotReconciled() {
    runner.activate();
    runner.put(SUSPENDED);

    assertNoCallWhileAnotherAppIsToggled();
    assertThat(cc.statesOf(APP_A)).isEmpty();
  }

  @Test
  void theSchedulesGaugeCountsActiveAndSuspendedThroughChangesAndRemovals() {
    runner.put(OFFICE);
    runner.put(SUSPENDED);
    runner.put(SUSPENDED); // unchanged: not counted again
    runner.put(schedule(APP_B, OFFICE_HOURS));
    runner.put(OFFICE);
    runner.put(SUSPENDED);
    runner.remove(APP_A);
    runner.remove(APP_A); // already gone

    assertThat(counted).containsExactly("0/0", "1/0", "0/1", "1/1", "2/0", "1/1", "1/0");
  }

  /**
   * Toggles another app and waits for that call: had the runner handed a toggle of APP_A to the
   * pool before, it would have been made by then (the pool has a slot for each).
   */
  void assertNoCallWhileAnotherAppIsToggled() {
    assertThat(runner.isActive()).isTrue();
    runner.put(schedule(APP_B, "\"stop\":\"0 18 * * *\",\"timezone\":\"Europe/Berlin\""));
    await().atMost(Duration.ofSeconds(3)).until(() -> cc.state(APP_B) != null);
  }

  /** A clock the test moves. */
  static final class HandClock extends Clock {
    private final AtomicReference<Instant> now;

    HandClock(AtomicReference<Instant> now) {
      this.now = now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("UTC only");
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  }
}
