package io.cfmr.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cfmr.schedule.Schedule.Firing;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScheduleTest {

  private static final AppGuid APP = new AppGuid("cb203632-efaf-47f1-ae65-68b856a28c6f");

  private static Schedule schedule(String start, String stop, String zone) {
    return new Schedule(
        APP,
        Optional.ofNullable(start).map(c -> CronSpec.parse("cron.start", c, CronSyntax.KUBERNETES)),
        Optional.ofNullable(stop).map(c -> CronSpec.parse("cron.stop", c, CronSyntax.KUBERNETES)),
        false,
        ZoneId.of(zone),
        false);
  }

  @ParameterizedTest(name = "at {0} the app should be {1}")
  @CsvSource({
    "2026-11-27T10:00:30Z, STARTED", // start fired 10:00, stop last at 09:59
    "2026-11-27T10:00:59.999Z, STARTED",
    "2026-11-27T10:01:00Z, STOPPED", // a firing exactly at now has happened
    "2026-11-27T10:01:00.004Z, STOPPED", // a trigger running a few ms into its second
    "2026-11-27T10:01:01Z, STOPPED",
    "2026-11-27T10:02:00.001Z, STARTED",
  })
  void theReferenceAlternationFollowsTheLatestFiring(String now, AppState expected) {
    Schedule flapping = schedule("*/2 * * * *", "1/2 * * * *", "UTC");

    assertThat(flapping.lastFiringAtOrBefore(Instant.parse(now)))
        .map(Firing::state)
        .contains(expected);
  }

  @ParameterizedTest(name = "office hours at {0}: {1}")
  @CsvSource({
    "2026-11-27T07:59:59Z, STOPPED", // Friday before opening: Thursday 18:00 stop
    "2026-11-27T08:00:01Z, STARTED",
    "2026-11-27T17:59:59Z, STARTED",
    "2026-11-27T18:00:01Z, STOPPED",
    "2026-11-29T12:00:00Z, STOPPED", // Sunday: Friday's stop is the latest
    "2026-11-30T08:00:01Z, STARTED", // Monday
  })
  void officeHoursSchedule(String now, AppState expected) {
    Schedule office = schedule("0 8 * * 1-5", "0 18 * * 1-5", "UTC");

    assertThat(office.lastFiringAtOrBefore(Instant.parse(now)))
        .map(Firing::state)
        .contains(expected);
  }

  @Test
  void whenBothFireAtTheSameInstantStoppedWins() {
    Schedule tie = schedule("0 * * * *", "@hourly", "UTC");

    Optional<Firing> firing = tie.lastFiringAtOrBefore(Instant.parse("2026-11-27T10:30:00Z"));

    assertThat(firing)
        .contains(new Firing(AppState.STOPPED, ZonedDateTime.parse("2026-11-27T10:00Z[UTC]")));
  }

  @Test
  void startAndStopAtNowMeanStopped() {
    Schedule tie = schedule("0 8 * * *", "0 8 * * MON-FRI", "UTC");

    assertThat(tie.lastFiringAtOrBefore(Instant.parse("2026-11-27T08:00:00Z")))
        .contains(new Firing(AppState.STOPPED, ZonedDateTime.parse("2026-11-27T08:00Z[UTC]")));
  }

  @Test
  void aOneSidedScheduleOnlyEverAsksForItsOwnState() {
    Schedule stopOnly = schedule(null, "0 18 * * *", "UTC");

    assertThat(stopOnly.lastFiringAtOrBefore(Instant.parse("2026-11-27T10:00:00Z")))
        .map(Firing::state)
        .contains(AppState.STOPPED);
  }

  @Test
  void expressionsAreReadInTheScheduleTimezone() {
    Schedule berlin = schedule("0 8 * * *", "0 18 * * *", "Europe/Berlin");

    // 07:30 UTC is 08:30 in Berlin in winter (UTC+1): started.
    assertThat(berlin.lastFiringAtOrBefore(Instant.parse("2026-11-27T07:30:00Z")))
        .contains(
            new Firing(
                AppState.STARTED, ZonedDateTime.parse("2026-11-27T08:00+01:00[Europe/Berlin]")));
    // The same instant in UTC would still be before 08:00: stopped.
    assertThat(
            schedule("0 8 * * *", "0 18 * * *", "UTC")
                .lastFiringAtOrBefore(Instant.parse("2026-11-27T07:30:00Z")))
        .map(Firing::state)
        .contains(AppState.STOPPED);
  }

  @Test
  void acrossTheSpringForwardDstChangeTheWallClockTimeIsKept() {
    // Berlin jumps from 02:00 to 03:00 on Sunday 29 March 2026; 08:00 is then UTC+2.
    Schedule berlin = schedule("0 8 * * *", "0 18 * * *", "Europe/Berlin");

    assertThat(berlin.lastFiringAtOrBefore(Instant.parse("2026-03-29T06:30:00Z")))
        .map(Firing::state)
        .contains(AppState.STARTED);
    assertThat(berlin.lastFiringAtOrBefore(Instant.parse("2026-03-29T05:30:00Z")))
        .map(Firing::state)
        .contains(AppState.STOPPED);
  }

  @Test
  void aFiringInsideTheSkippedDstHourDoesNotHappenThatDay() {
    // 02:30 does not exist in Berlin on 29 March 2026: the clock never shows it, so Kubernetes does
    // not fire it, and neither does the reconcile rule (docs/cron.md).
    Schedule berlin = schedule("0 1 * * *", "30 2 * * *", "Europe/Berlin");

    assertThat(berlin.lastFiringAtOrBefore(Instant.parse("2026-03-29T03:00:00Z")))
        .map(Firing::state)
        .contains(AppState.STARTED);
  }

  @ParameterizedTest(name = "from {0}")
  @CsvSource({
    "2026-10-04T02:59:59+11:00",
    "2026-10-04T03:00:00+11:00",
    "2026-10-04T03:45:00+11:00",
    "2026-10-04T12:00:00+11:00",
    "2026-10-04T23:59:59+11:00",
  })
  void lordHoweFiringsInTheHalfHourThatExistsOnItsSpringForwardDayAreFoundFromAnyLaterHour(
      String now) {
    // 4 October 2026, Lord Howe moves from 02:00 (+10:30) to 02:30 (+11:00): 02:30-02:59 exist.
    Schedule lordHowe = schedule("59 2 * * *", "30 2 * * *", "Australia/Lord_Howe");

    assertThat(lordHowe.lastFiringAtOrBefore(OffsetDateTime.parse(now).toInstant()))
        .map(firing -> firing.at().toOffsetDateTime())
        .contains(OffsetDateTime.parse("2026-10-04T02:59+11:00"));
    assertThat(
            schedule(null, "30 2 * * *", "Australia/Lord_Howe")
                .lastFiringAtOrBefore(OffsetDateTime.parse(now).toInstant()))
        .map(firing -> firing.at().toOffsetDateTime())
        .contains(OffsetDateTime.parse("2026-10-04T02:30+11:00"));
  }

  @Test
  void aScheduleNeedsStartOrStop() {
    assertThatThrownBy(
            () -> new Schedule(APP, Optional.empty(), Optional.empty(), false, null, false))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessage("cron: expected at least one of cron.start and cron.stop, or cron.chaos");
  }

  @Test
  void timezoneDefaultsToUtc() {
    Schedule schedule =
        new Schedule(
            APP,
            Optional.of(CronSpec.parse("cron.start", "@daily", CronSyntax.KUBERNETES)),
            Optional.empty(),
            false,
            null,
            false);

    assertThat(schedule.timezone().getId()).isEqualTo("UTC");
  }

  private static Schedule office(StartSkips skips) {
    Schedule plain = schedule("0 8 * * *", "0 18 * * *", "Europe/Berlin");
    return new Schedule(
        APP, plain.start(), plain.stop(), false, plain.timezone(), false, skips, Optional.empty());
  }

  private static StartSkips holidays(String code) {
    return new StartSkips(Optional.of(PublicHolidays.parse(code)), new TreeSet<>());
  }

  @ParameterizedTest(name = "Christmas Day at {0}: {1}")
  @CsvSource({
    "2026-12-25T07:59+01:00, STOPPED, 2026-12-24T18:00+01:00",
    "2026-12-25T08:00+01:00, STOPPED, 2026-12-24T18:00+01:00",
    "2026-12-25T12:00+01:00, STOPPED, 2026-12-24T18:00+01:00",
    "2026-12-25T23:59+01:00, STOPPED, 2026-12-25T18:00+01:00",
    "2026-12-26T12:00+01:00, STOPPED, 2026-12-25T18:00+01:00", // St Stephen's Day, also a holiday
    "2026-12-27T08:00+01:00, STARTED, 2026-12-27T08:00+01:00",
  })
  void onAPublicHolidayTheStartDoesNotFireAndTheAppStaysStopped(
      String now, AppState expected, String firedAt) {
    assertThat(office(holidays("DE")).lastFiringAtOrBefore(OffsetDateTime.parse(now).toInstant()))
        .contains(new Firing(expected, ZonedDateTime.parse(firedAt + "[Europe/Berlin]")));
  }

  @Test
  void withoutHolidaysTheAppStartsAtEightOnChristmasDay() {
    assertThat(
            office(StartSkips.NONE)
                .lastFiringAtOrBefore(OffsetDateTime.parse("2026-12-25T12:00+01:00").toInstant()))
        .map(Firing::state)
        .contains(AppState.STARTED);
  }

  @Test
  void aSubdivisionHasItsOwnHolidays() {
    Instant epiphanyNoon = OffsetDateTime.parse("2026-01-06T12:00+01:00").toInstant();

    assertThat(office(holidays("DE-BY")).lastFiringAtOrBefore(epiphanyNoon))
        .map(Firing::state)
        .contains(AppState.STOPPED);
    assertThat(office(holidays("DE-BE")).lastFiringAtOrBefore(epiphanyNoon))
        .map(Firing::state)
        .contains(AppState.STARTED);
    assertThat(office(holidays("de-by")).skipsStartAt(epiphanyNoon)).isTrue();
  }

  @Test
  void skipDatesAreSkippedInTheSchedulesZone() {
    Schedule office =
        office(
            new StartSkips(
                Optional.empty(), new TreeSet<>(List.of(LocalDate.parse("2026-12-24")))));

    // 07:30 UTC is 08:30 in Berlin on the 24th: the start that day did not happen.
    assertThat(office.lastFiringAtOrBefore(Instant.parse("2026-12-24T07:30:00Z")))
        .map(Firing::state)
        .contains(AppState.STOPPED);
    assertThat(office.skipsStartAt(Instant.parse("2026-12-24T07:00:00Z"))).isTrue();
    assertThat(office.skipsStartAt(Instant.parse("2026-12-23T23:30:00Z"))).isTrue();
    assertThat(office.skipsStartAt(Instant.parse("2026-12-23T22:30:00Z"))).isFalse();
    assertThat(office.lastFiringAtOrBefore(Instant.parse("2026-12-25T07:30:00Z")))
        .map(Firing::state)
        .contains(AppState.STARTED);
  }

  @Test
  void aStartThatOnlyFiresOnSkippedDatesNeverCounts() {
    Schedule christmasOnly =
        new Schedule(
            APP,
            Optional.of(CronSpec.parse("cron.start", "0 8 25 12 *", CronSyntax.KUBERNETES)),
            Optional.empty(),
            false,
            ZoneId.of("Europe/Berlin"),
            false,
            holidays("DE"),
            Optional.empty());

    assertThat(christmasOnly.lastFiringAtOrBefore(Instant.parse("2026-12-26T00:00:00Z"))).isEmpty();
  }
}
