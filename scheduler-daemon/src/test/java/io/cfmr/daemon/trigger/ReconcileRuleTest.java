package io.cfmr.daemon.trigger;

import static io.cfmr.daemon.TestSchedules.APP_A;
import static io.cfmr.daemon.TestSchedules.schedule;
import static org.assertj.core.api.Assertions.assertThat;

import io.cfmr.schedule.AppState;
import io.cfmr.schedule.Schedule;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The reconcile rule as the daemon meets it: a trigger's job runs a few milliseconds into the
 * second of its firing, and that firing counts.
 */
class ReconcileRuleTest {

  static final Schedule OFFICE_HOURS_BERLIN =
      schedule(
          APP_A,
          "\"start\":\"0 8 * * MON-FRI\",\"stop\":\"0 18 * * MON-FRI\","
              + "\"timezone\":\"Europe/Berlin\"");

  @ParameterizedTest(name = "{0} -> {1} (fired {2})")
  @CsvSource({
    // Monday 2024-03-04, Berlin is UTC+1
    "2024-03-04T06:59:59.999Z, STOPPED, 2024-03-01T17:00:00Z",
    "2024-03-04T07:00:00Z,     STARTED, 2024-03-04T07:00:00Z",
    "2024-03-04T07:00:00.900Z, STARTED, 2024-03-04T07:00:00Z",
    "2024-03-04T16:59:59Z,     STARTED, 2024-03-04T07:00:00Z",
    "2024-03-04T17:00:00.004Z, STOPPED, 2024-03-04T17:00:00Z",
    // Saturday: Friday's stop still decides
    "2024-03-09T12:00:00Z,     STOPPED, 2024-03-08T17:00:00Z",
    // Monday after the spring DST change: 08:00 Berlin is 06:00 UTC
    "2024-04-01T05:59:59Z,     STOPPED, 2024-03-29T17:00:00Z",
    "2024-04-01T06:00:00.010Z, STARTED, 2024-04-01T06:00:00Z",
  })
  void officeHoursAtExactInstants(String now, AppState state, String firedAt) {
    Optional<Schedule.Firing> firing = OFFICE_HOURS_BERLIN.lastFiringAtOrBefore(Instant.parse(now));

    assertThat(firing).isPresent();
    assertThat(firing.get().state()).isEqualTo(state);
    assertThat(firing.get().at().toInstant()).isEqualTo(Instant.parse(firedAt));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "2024-03-04T07:00:00Z,     STARTED",
    "2024-03-04T07:00:01.500Z, STOPPED",
    "2024-03-04T07:00:02Z,     STARTED",
  })
  void secondLevelScheduleCountsTheFiringOfTheCurrentSecond(String now, AppState state) {
    Schedule flapper = schedule(APP_A, "\"start\":\"0/2 * * * * *\",\"stop\":\"1/2 * * * * *\"");

    assertThat(flapper.lastFiringAtOrBefore(Instant.parse(now)).map(Schedule.Firing::state))
        .contains(state);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"2024-03-04T07:00:00.010Z", "2024-03-04T07:00:59Z"})
  void startAndStopAtTheSameInstantMeansStopped(String now) {
    Schedule tie = schedule(APP_A, "\"start\":\"0 * * * *\",\"stop\":\"0 7 * * *\"");

    Optional<Schedule.Firing> firing = tie.lastFiringAtOrBefore(Instant.parse(now));

    assertThat(firing.map(Schedule.Firing::state)).contains(AppState.STOPPED);
    assertThat(firing.map(f -> f.at().toInstant()))
        .contains(ZonedDateTime.parse("2024-03-04T07:00:00Z").toInstant());
  }
}
