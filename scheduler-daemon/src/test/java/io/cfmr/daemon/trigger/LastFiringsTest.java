package io.cfmr.daemon.trigger;

import static io.cfmr.daemon.TestSchedules.APP_A;
import static io.cfmr.daemon.TestSchedules.APP_B;
import static io.cfmr.daemon.TestSchedules.schedule;
import static org.assertj.core.api.Assertions.assertThat;

import io.cfmr.schedule.AppGuid;
import io.cfmr.schedule.AppState;
import io.cfmr.schedule.Schedule;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LastFiringsTest {

  static final String EVERY_MINUTE = "\"start\":\"0 * * * * *\",\"stop\":\"30 * * * * *\"";

  final LastFirings lastFirings = new LastFirings();

  @Test
  void appsOnTheSameExpressionsAndZoneShareTheAnswerWithinASecond() {
    Instant now = Instant.parse("2026-11-27T10:00:29.100Z");

    var first = lastFirings.of(schedule(APP_A, EVERY_MINUTE), now);

    assertThat(lastFirings.of(schedule(APP_B, EVERY_MINUTE), now.plusMillis(800))).isSameAs(first);
    assertThat(first.orElseThrow().state()).isEqualTo(AppState.STARTED);
  }

  @Test
  void theNextSecondIsWorkedOutAgain() {
    Schedule schedule = schedule(APP_A, EVERY_MINUTE);
    lastFirings.of(schedule, Instant.parse("2026-11-27T10:00:29.900Z"));

    assertThat(lastFirings.of(schedule, Instant.parse("2026-11-27T10:00:30Z")))
        .hasValueSatisfying(firing -> assertThat(firing.state()).isEqualTo(AppState.STOPPED));
  }

  static final String OFFICE_HOURS = "\"start\":\"0 8 * * *\",\"stop\":\"0 18 * * *\"";

  /** Friday 10:00 UTC: office hours in UTC, after hours in Tokyo. */
  static final Instant FRIDAY_MORNING = Instant.parse("2026-11-27T10:00:00Z");

  @Test
  void anotherZoneIsAnotherAnswer() {
    assertThat(stateAtFridayMorning(APP_A, OFFICE_HOURS)).isEqualTo(AppState.STARTED);
    assertThat(stateAtFridayMorning(APP_B, OFFICE_HOURS + ",\"timezone\":\"Asia/Tokyo\""))
        .isEqualTo(AppState.STOPPED);
  }

  @Test
  void skippedDatesAreAnotherAnswer() {
    assertThat(stateAtFridayMorning(APP_A, OFFICE_HOURS)).isEqualTo(AppState.STARTED);
    assertThat(stateAtFridayMorning(APP_B, OFFICE_HOURS + ",\"skip-dates\":[\"2026-11-27\"]"))
        .isEqualTo(AppState.STOPPED);
  }

  @Test
  void anotherChaosSeedIsAnotherAnswer() {
    Instant now = FRIDAY_MORNING;
    String chaos = "\"chaos\":{\"uptime-percent\":50,\"period\":\"1h\",\"seed\":";

    assertThat(lastFirings.of(schedule(APP_A, chaos + "1}"), now))
        .isNotEqualTo(lastFirings.of(schedule(APP_B, chaos + "2}"), now));
  }

  private AppState stateAtFridayMorning(AppGuid app, String cron) {
    return lastFirings.of(schedule(app, cron), FRIDAY_MORNING).orElseThrow().state();
  }
}
