package io.cfmr.daemon.trigger;

import static io.cfmr.daemon.TestSchedules.APP_A;
import static io.cfmr.daemon.TestSchedules.schedule;
import static org.assertj.core.api.Assertions.assertThat;

import io.cfmr.schedule.Schedule;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.quartz.CronTrigger;
import org.quartz.spi.OperableTrigger;

/**
 * The daemon's Quartz triggers against a sample of the reference table written by robfig/cron
 * (schedule-model/src/test/resources/robfig/cases.tsv): the rows are copied as they are there.
 * Quartz agrees on every spring-forward gap and on the rows where robfig/cron misses a firing after
 * a 30-minute shift; it fires a fall-back repeated time only once, in the second pass (docs/cron.md
 * lists those rows), so none is sampled here.
 */
class QuartzFiresLikeTheReferenceTableTest {

  @ParameterizedTest(name = "{0} in {1} after {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "0 8 ? * ?       | UTC                 | 2026-11-27T10:03:30Z      | 2026-11-28T08:00:00Z,2026-11-29T08:00:00Z,2026-11-30T08:00:00Z",
        "0 8 * * ?       | UTC                 | 2026-11-27T10:03:30Z      | 2026-11-28T08:00:00Z,2026-11-29T08:00:00Z,2026-11-30T08:00:00Z",
        "0 8 ? * MON     | UTC                 | 2026-11-27T10:03:30Z      | 2026-11-30T08:00:00Z,2026-12-07T08:00:00Z,2026-12-14T08:00:00Z",
        "0 8 15 * ?      | UTC                 | 2026-11-27T10:03:30Z      | 2026-12-15T08:00:00Z,2027-01-15T08:00:00Z,2027-02-15T08:00:00Z",
        "0 0 1 * MON     | UTC                 | 2026-11-27T10:03:30Z      | 2026-11-30T00:00:00Z,2026-12-01T00:00:00Z,2026-12-07T00:00:00Z",
        "0 0 29 2 *      | UTC                 | 2026-11-27T10:03:30Z      | 2028-02-29T00:00:00Z,2032-02-29T00:00:00Z,2036-02-29T00:00:00Z",
        "0 8 ? * ?       | Europe/Berlin       | 2026-03-28T12:00:00+01:00 | 2026-03-29T08:00:00+02:00,2026-03-30T08:00:00+02:00,2026-03-31T08:00:00+02:00",
        "30 2 * * *      | Europe/Berlin       | 2026-03-28T12:00:00+01:00 | 2026-03-30T02:30:00+02:00,2026-03-31T02:30:00+02:00,2026-04-01T02:30:00+02:00",
        "0 * * * *       | Europe/Berlin       | 2026-03-29T00:30:00+01:00 | 2026-03-29T01:00:00+01:00,2026-03-29T03:00:00+02:00,2026-03-29T04:00:00+02:00",
        "@daily          | Europe/Berlin       | 2026-03-28T12:00:00+01:00 | 2026-03-29T00:00:00+01:00,2026-03-30T00:00:00+02:00,2026-03-31T00:00:00+02:00",
        "0 3 * * *       | Europe/Berlin       | 2026-10-24T12:00:00+02:00 | 2026-10-25T03:00:00+01:00,2026-10-26T03:00:00+01:00,2026-10-27T03:00:00+01:00",
        "30 2 * * *      | Australia/Lord_Howe | 2026-10-03T12:00:00+10:30 | 2026-10-04T02:30:00+11:00,2026-10-05T02:30:00+11:00,2026-10-06T02:30:00+11:00",
        "0 2 * * *       | Australia/Lord_Howe | 2026-10-03T12:00:00+10:30 | 2026-10-05T02:00:00+11:00,2026-10-06T02:00:00+11:00,2026-10-07T02:00:00+11:00",
        "*/10 2 * * *    | Australia/Lord_Howe | 2026-10-04T01:55:00+10:30 | 2026-10-04T02:30:00+11:00,2026-10-04T02:40:00+11:00,2026-10-04T02:50:00+11:00",
        "0 8 * * *       | Australia/Lord_Howe | 2026-10-03T12:00:00+10:30 | 2026-10-04T08:00:00+11:00,2026-10-05T08:00:00+11:00,2026-10-06T08:00:00+11:00",
        "0 2 * * *       | Australia/Lord_Howe | 2026-04-04T12:00:00+11:00 | 2026-04-05T02:00:00+10:30,2026-04-06T02:00:00+10:30,2026-04-07T02:00:00+10:30",
        "@weekly         | America/Santiago    | 2026-09-01T12:00:00-04:00 | 2026-09-13T00:00:00-03:00,2026-09-20T00:00:00-03:00,2026-09-27T00:00:00-03:00",
        "0 0 * * *       | Asia/Beirut         | 2026-03-28T12:00:00+02:00 | 2026-03-30T00:00:00+03:00,2026-03-31T00:00:00+03:00,2026-04-01T00:00:00+03:00",
      })
  void theTriggersFireAtTheTablesInstants(
      String expression, String zone, String after, String firings) {
    Schedule schedule =
        schedule(APP_A, "\"start\":\"" + expression + "\",\"timezone\":\"" + zone + "\"");
    List<OperableTrigger> triggers =
        TriggerPlan.triggers(schedule, java.time.Instant.now()).stream()
            .map(t -> (OperableTrigger) t)
            .toList();
    assertThat(triggers).allSatisfy(t -> assertThat(t).isInstanceOf(CronTrigger.class));
    // A trigger starts when it is built; these reference instants may lie before that.
    triggers.forEach(t -> t.setStartTime(new Date(0)));

    List<OffsetDateTime> fired = new ArrayList<>();
    Date at = Date.from(OffsetDateTime.parse(after).toInstant());
    for (int i = 0; i < 3; i++) {
      Date from = at;
      at =
          triggers.stream()
              .map(trigger -> trigger.getFireTimeAfter(from))
              .min(Date::compareTo)
              .orElseThrow();
      fired.add(at.toInstant().atZone(schedule.timezone()).toOffsetDateTime());
    }
    assertThat(fired).isEqualTo(Stream.of(firings.split(",")).map(OffsetDateTime::parse).toList());
  }
}
