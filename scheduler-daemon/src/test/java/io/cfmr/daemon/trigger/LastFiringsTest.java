package io.cfmr.daemon.trigger;

import static io.cfmr.daemon.TestSchedules.APP_A;
import static io.cfmr.daemon.TestSchedules.APP_B;
import static io.cfmr.daemon.TestSchedules.schedule;
import static org.assertj.core.api.Assertions.assertThat;

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

  @Test
  void anotherZoneIsAnotherAnswer() {
    Instant now = Instant.parse("2026-11-27T10:00:29Z");
    String officeHours = "\"start\":\"0 8 * * *\",\"stop\":\"0 18 * * *\"";

    assertThat(lastFirings.of(schedule(APP_A, officeHours), now).orElseThrow().state())
        .isEqualTo(AppState.STARTED);
    assertThat(
            lastFirings
                .of(schedule(APP_B, officeHours + ",\"timezone\":\"Asia/Tokyo\""), now)
                .orElseThrow()
                .state())
        .isEqualTo(AppState.STOPPED);
  }
}
