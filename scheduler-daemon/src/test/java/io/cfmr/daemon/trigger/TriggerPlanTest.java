package io.cfmr.daemon.trigger;

import static io.cfmr.daemon.TestSchedules.APP_A;
import static io.cfmr.daemon.TestSchedules.schedule;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.quartz.CronTrigger;
import org.quartz.Trigger;

class TriggerPlanTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "\"start\":\"*/2 * * * *\",\"stop\":\"1/2 * * * *\""
            + " | start-0=0 */2 * * * ? *; stop-0=0 1/2 * * * ? * | UTC",
        "\"start\":\"0 8 * * MON-FRI\",\"timezone\":\"Europe/Berlin\""
            + " | start-0=0 0 8 ? * 2-6 * | Europe/Berlin",
        "\"start\":\"0/10 * * * * *\",\"stop\":\"5/10 * * * * *\""
            + " | start-0=0/10 * * * * ? *; stop-0=5/10 * * * * ? * | UTC",
        // Kubernetes fires when either day field matches: two Quartz triggers
        "\"stop\":\"0 0 1 * MON\" | stop-0=0 0 0 1 * ? *; stop-1=0 0 0 ? * 2 * | UTC",
      })
  void oneTriggerPerQuartzExpressionInTheSchedulesZone(String cron, String expected, String zone) {
    List<Trigger> triggers = TriggerPlan.triggers(schedule(APP_A, cron), java.time.Instant.now());

    assertThat(
            triggers.stream()
                .map(t -> t.getKey().getName() + "=" + ((CronTrigger) t).getCronExpression())
                .collect(Collectors.joining("; ")))
        .isEqualTo(expected);
    assertThat(triggers)
        .allSatisfy(
            t -> {
              assertThat(t.getKey().getGroup()).isEqualTo(APP_A.value());
              assertThat(t.getJobKey()).isEqualTo(TriggerPlan.jobKey(APP_A));
              assertThat(((CronTrigger) t).getTimeZone().getID()).isEqualTo(zone);
              assertThat(t.getMisfireInstruction())
                  .isEqualTo(CronTrigger.MISFIRE_INSTRUCTION_DO_NOTHING);
            });
  }
}
