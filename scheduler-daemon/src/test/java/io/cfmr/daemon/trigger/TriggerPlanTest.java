package io.cfmr.daemon.trigger;

import static io.cfmr.daemon.TestSchedules.APP_A;
import static io.cfmr.daemon.TestSchedules.APP_B;
import static io.cfmr.daemon.TestSchedules.schedule;
import static org.assertj.core.api.Assertions.assertThat;

import io.cfmr.daemon.trigger.TriggerPlan.Timing;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TriggerPlanTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "\"start\":\"*/2 * * * *\",\"stop\":\"1/2 * * * *\""
            + " | firing.start */2 * * * * UTC; firing.stop 1/2 * * * * UTC",
        "\"start\":\"0 8 * * MON-FRI\",\"timezone\":\"Europe/Berlin\""
            + " | firing.start 0 8 * * MON-FRI Europe/Berlin",
        "\"stop\":\"0 0 1 * MON\" | firing.stop 0 0 1 * MON UTC",
        "\"stop\":\"0 0 1 * MON\",\"suspend\":true | suspended.stop 0 0 1 * MON UTC",
      })
  void oneTimingPerExpressionNamedByStateExpressionAndZone(String cron, String expected) {
    List<Timing> timings = TriggerPlan.timings(schedule(APP_A, cron));

    assertThat(timings.stream().map(t -> t.key().toString()).collect(Collectors.joining("; ")))
        .isEqualTo(expected);
  }

  @Test
  void appsWithTheSameExpressionAndZoneHaveEqualTimings() {
    String officeHours = "\"start\":\"0 7 * * MON-FRI\",\"stop\":\"0 19 * * MON-FRI\"";

    assertThat(TriggerPlan.timings(schedule(APP_A, officeHours)))
        .isEqualTo(TriggerPlan.timings(schedule(APP_B, officeHours)))
        .doesNotContainAnyElementsOf(
            TriggerPlan.timings(schedule(APP_B, officeHours + ",\"timezone\":\"Europe/Berlin\"")))
        .doesNotContainAnyElementsOf(
            TriggerPlan.timings(schedule(APP_B, officeHours + ",\"suspend\":true")));
  }

  @Test
  void aStartAndAStopAtTheSameTimeAreTwoTimings() {
    List<Timing> timings =
        TriggerPlan.timings(schedule(APP_A, "\"start\":\"0 7 * * *\",\"stop\":\"0 7 * * *\""));

    assertThat(timings).hasSize(2).doesNotHaveDuplicates();
  }
}
