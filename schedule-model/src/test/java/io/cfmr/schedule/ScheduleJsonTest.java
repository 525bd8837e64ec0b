package io.cfmr.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScheduleJsonTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String GUID = "cb203632-efaf-47f1-ae65-68b856a28c6f";
  private static final AppGuid APP = new AppGuid(GUID);

  private static JsonNode json(String text) throws Exception {
    return MAPPER.readTree(text.replace('\'', '"'));
  }

  private static Schedule parse(String text) throws Exception {
    return ScheduleJson.parse(json(text), CronSyntax.KUBERNETES, Optional.empty());
  }

  @Test
  void theReferenceBindParametersParse() throws Exception {
    Schedule schedule =
        parse(
            "{'app-guid': '"
                + GUID
                + "', 'cron': {'start': '*/2 * * * *', 'stop': '1/2 * * * *', 'suspend': false}}");

    assertThat(schedule.appGuid()).isEqualTo(APP);
    assertThat(schedule.start()).map(CronSpec::expression).contains("*/2 * * * *");
    assertThat(schedule.stop()).map(CronSpec::expression).contains("1/2 * * * *");
    assertThat(schedule.suspend()).isFalse();
    assertThat(schedule.dryRun()).isFalse();
    assertThat(schedule.timezone()).isEqualTo(Schedule.DEFAULT_TIMEZONE);
  }

  @Test
  void everyFieldRoundTripsThroughJson() throws Exception {
    Schedule schedule =
        parse(
            "{'app-guid': '"
                + GUID
                + "', 'cron': {'start': '0 8 * * MON-FRI', 'suspend': true,"
                + " 'timezone': 'Europe/Berlin', 'dry-run': true}}");

    assertThat(schedule.timezone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(schedule.suspend()).isTrue();
    assertThat(schedule.dryRun()).isTrue();
    assertThat(schedule.stop()).isEmpty();
    assertThat(ScheduleJson.toJson(schedule))
        .isEqualTo(
            json(
                "{'app-guid': '"
                    + GUID
                    + "', 'cron': {'start': '0 8 * * MON-FRI', 'suspend': true,"
                    + " 'timezone': 'Europe/Berlin', 'dry-run': true}}"));
    assertThat(
            ScheduleJson.parse(
                ScheduleJson.toJson(schedule), CronSyntax.KUBERNETES, Optional.empty()))
        .isEqualTo(schedule);
  }

  @Test
  void theDefaultTimezoneIsWrittenAsAZoneNameThatParsesBack() throws Exception {
    Schedule schedule = parse("{'app-guid': '" + GUID + "', 'cron': {'stop': '@daily'}}");

    assertThat(ScheduleJson.toJson(schedule).get("cron").get("timezone").asText()).isEqualTo("UTC");
    assertThat(
            ScheduleJson.parse(
                ScheduleJson.toJson(schedule), CronSyntax.KUBERNETES, Optional.empty()))
        .isEqualTo(schedule);
  }

  @Test
  void theBoundAppIsUsedWhenAppGuidIsLeftOut() throws Exception {
    Schedule schedule =
        ScheduleJson.parse(
            json("{'cron': {'stop': '@daily'}}"), CronSyntax.KUBERNETES, Optional.of(APP));

    assertThat(schedule.appGuid()).isEqualTo(APP);
  }

  @Test
  void anAppGuidOtherThanTheBoundAppIsRejected() throws Exception {
    JsonNode other =
        json("{'app-guid': '11111111-2222-3333-4444-555555555555', 'cron': {'stop': '@daily'}}");

    assertThatThrownBy(() -> ScheduleJson.parse(other, CronSyntax.KUBERNETES, Optional.of(APP)))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining(
            "app-guid: is 11111111-2222-3333-4444-555555555555 but the binding is for app " + GUID);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "[]                                                      | schedule: expected a JSON object",
        "{'cron': {'start': '@daily'}}                           | app-guid: is required",
        "{'app-guid': 'backend', 'cron': {'start': '@daily'}}    | app-guid: expected a GUID",
        "{'app-guid': 42, 'cron': {'start': '@daily'}}           | app-guid: expected a string",
        "{'app-guid': 'G'}                                       | cron: is required",
        "{'app-guid': 'G', 'cron': '* * * * *'}                  | cron: expected a JSON object",
        "{'app-guid': 'G', 'cron': {}}                           | cron: expected at least one of cron.start and cron.stop, or cron.chaos",
        "{'app-guid': 'G', 'cron': {'start': 5}}                 | cron.start: expected a string",
        "{'app-guid': 'G', 'cron': {'start': '61 * * * *'}}      | cron.start: expected Kubernetes CronJob syntax",
        "{'app-guid': 'G', 'cron': {'stop': '* * *'}}            | cron.stop: expected Kubernetes CronJob syntax",
        "{'app-guid': 'G', 'cron': {'start': '@daily', 'suspend': 'no'}}   | cron.suspend: expected true or false",
        "{'app-guid': 'G', 'cron': {'start': '@daily', 'dry-run': 1}}      | cron.dry-run: expected true or false",
        "{'app-guid': 'G', 'cron': {'start': '@daily', 'timezone': 'Mars/Olympus'}} | cron.timezone: expected an IANA time zone name",
        "{'app-guid': 'G', 'cron': {'start': '@daily', 'timezone': '+01:00'}}       | cron.timezone: expected an IANA time zone name",
        "{'app-guid': 'G', 'cron': {'start': '@daily', 'zone': 'UTC'}}     | cron.zone: unknown key; expected one of [chaos, dry-run, holidays, skip-dates, start, stop, suspend, timezone]",
        "{'app-guid': 'G', 'cron': {'start': '@daily', 'holidays': 'Bavaria'}} | cron.holidays: expected an ISO 3166 country code, optionally with a subdivision, such as 'DE', 'DE-BY', 'US-NY' or 'GB', got 'BAVARIA'",
        "{'app-guid': 'G', 'cron': {'start': '@daily', 'holidays': 'XX'}}  | cron.holidays: has no holiday calendar for country XX; expected one such as 'DE'",
        "{'app-guid': 'G', 'cron': {'start': '@daily', 'holidays': 'DE-XY'}} | cron.holidays: 'DE-XY' names no subdivision of DE that has its own holidays; expected DE or one of [DE-BB, DE-BE, DE-BW, DE-BY,",
        "{'app-guid': 'G', 'cron': {'start': '@daily', 'holidays': 49}}    | cron.holidays: expected a string",
        "{'app-guid': 'G', 'cron': {'start': '@daily', 'skip-dates': '2026-12-24'}} | cron.skip-dates: expected an array of dates such as [\"2026-12-24\", \"2026-12-31\"]",
        "{'app-guid': 'G', 'cron': {'start': '@daily', 'skip-dates': ['24.12.2026']}} | cron.skip-dates: expected local dates as YYYY-MM-DD such as '2026-12-24' or '2026-12-31', got '24.12.2026'",
        "{'app-guid': 'G', 'cron': {'start': '@daily', 'skip-dates': ['2026-02-30']}} | cron.skip-dates: expected local dates as YYYY-MM-DD",
        "{'app-guid': 'G', 'cron': {'start': '@daily', 'skip-dates': [20261224]}} | cron.skip-dates: expected dates as strings",
        "{'app-guid': 'G', 'cron': {'chaos': {'uptime-percent': 50, 'period': '10m', 'seed': 1}}} | cron.chaos: is only for the daemon",
        "{'app-guid': 'G', 'cron': {'start': '@daily'}, 'extra': 1}        | extra: unknown key; expected one of [app-guid, cron]",
      })
  void invalidSchedulesNameTheFieldAndWhatIsExpected(String text, String message) {
    assertThatThrownBy(() -> parse(text.replace("'G'", "'" + GUID + "'")))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageStartingWith(message);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{'chaos': {'uptime-percent': 50, 'period': '10m', 'seed': 1}, 'start': '@daily'} | cron.start: cannot be given with cron.chaos",
        "{'chaos': {'uptime-percent': 50, 'period': '10m', 'seed': 1}, 'holidays': 'DE'} | cron.holidays: applies to cron.start, which a chaos schedule does not have",
        "{'chaos': {'uptime-percent': 0, 'period': '10m', 'seed': 1}}      | cron.chaos.uptime-percent: expected a whole number from 1 to 99 such as 50, got 0",
        "{'chaos': {'uptime-percent': 50.5, 'period': '10m', 'seed': 1}}   | cron.chaos.uptime-percent: expected a whole number from 1 to 99",
        "{'chaos': {'uptime-percent': 50, 'period': '9s', 'seed': 1}}      | cron.chaos.period: expected whole seconds, at least 10s, such as '10s', '10m' or '1h', got 9s",
        "{'chaos': {'uptime-percent': 50, 'period': '10 minutes', 'seed': 1}} | cron.chaos.period: expected a number and a unit (s, m, h or d)",
        "{'chaos': {'uptime-percent': 50, 'seed': 1}}                      | cron.chaos.period: is required",
        "{'chaos': {'uptime-percent': 50, 'period': '10m'}}                | cron.chaos.seed: expected a whole number such as 42",
        "{'chaos': {'uptime-percent': 50, 'period': '10m', 'seed': 1, 'jitter': 2}} | cron.chaos.jitter: unknown key; expected one of [period, seed, uptime-percent]",
      })
  void invalidChaosNamesTheFieldAndWhatIsExpected(String cron, String message) {
    assertThatThrownBy(
            () ->
                ScheduleJson.parse(
                    json("{'app-guid': '" + GUID + "', 'cron': " + cron + "}"),
                    CronSyntax.KUBERNETES_OR_SECONDS,
                    Optional.empty()))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void moreThanAYearOfSkipDatesIsRefused() {
    String dates =
        java.util.stream.IntStream.range(0, 367)
            .mapToObj(day -> "'" + java.time.LocalDate.of(2026, 1, 1).plusDays(day) + "'")
            .collect(java.util.stream.Collectors.joining(","));
    assertThatThrownBy(
            () ->
                parse(
                    "{'app-guid': '"
                        + GUID
                        + "', 'cron': {'start': '@daily', 'skip-dates': ["
                        + dates
                        + "]}}"))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessage("cron.skip-dates: has 367 dates; expected at most 366");
  }

  @Test
  void holidaysSkipDatesAndChaosRoundTripThroughJson() throws Exception {
    Schedule office =
        parse(
            "{'app-guid': '"
                + GUID
                + "', 'cron': {'start': '0 8 * * *', 'holidays': 'de-by',"
                + " 'skip-dates': ['2026-12-31', '2026-12-24']}}");
    Schedule chaos =
        ScheduleJson.parse(
            json(
                "{'app-guid': '"
                    + GUID
                    + "', 'cron': {'chaos': {'uptime-percent': 90, 'period': '1h', 'seed': -7}}}"),
            CronSyntax.KUBERNETES_OR_SECONDS,
            Optional.empty());

    assertThat(office.skips().holidays()).map(PublicHolidays::code).contains("DE-BY");
    assertThat(ScheduleJson.toJson(office).get("cron").get("skip-dates").toString())
        .isEqualTo("[\"2026-12-24\",\"2026-12-31\"]");
    assertThat(
            ScheduleJson.parse(
                ScheduleJson.toJson(office), CronSyntax.KUBERNETES, Optional.empty()))
        .isEqualTo(office);
    assertThat(chaos.chaos()).contains(new Chaos(90, java.time.Duration.ofHours(1), -7));
    assertThat(
            ScheduleJson.parse(
                ScheduleJson.toJson(chaos), CronSyntax.KUBERNETES_OR_SECONDS, Optional.empty()))
        .isEqualTo(chaos);
  }

  @Test
  void readTakesJsonTextAndRefusesAKeyGivenTwiceNamingIt() {
    String twice =
        "{\"app-guid\": \""
            + GUID
            + "\", \"cron\": {\"start\": \"@daily\", \"start\": \"@hourly\"}}";

    assertThat(
            ScheduleJson.read(
                    "schedule.json",
                    twice.replace(", \"start\": \"@hourly\"", ""),
                    CronSyntax.KUBERNETES)
                .start())
        .map(CronSpec::expression)
        .contains("@daily");
    assertThatThrownBy(() -> ScheduleJson.read("schedule.json", twice, CronSyntax.KUBERNETES))
        .isInstanceOfSatisfying(
            InvalidScheduleException.class,
            e -> {
              assertThat(e.field()).isEqualTo("cron.start");
              assertThat(e.problem()).contains("more than once");
            });
  }

  @Test
  void readNamesTheTextWhenItIsNotJson() {
    assertThatThrownBy(
            () -> ScheduleJson.read("schedule.json", "{\"cron\": ", CronSyntax.KUBERNETES))
        .isInstanceOfSatisfying(
            InvalidScheduleException.class,
            e -> {
              assertThat(e.field()).isEqualTo("schedule.json");
              assertThat(e.problem()).startsWith("not valid JSON: ");
              assertThat(e.app()).isEmpty();
            });
  }

  @Test
  void aRejectedScheduleStillTellsWhichAppItNames() {
    assertThatThrownBy(() -> parse("{'app-guid': '" + GUID + "', 'cron': {'start': 'bad'}}"))
        .isInstanceOfSatisfying(
            InvalidScheduleException.class,
            e -> {
              assertThat(e.field()).isEqualTo("cron.start");
              assertThat(e.app()).contains(APP);
            });
    assertThatThrownBy(() -> parse("{'app-guid': 'not-a-guid', 'cron': {'start': '@daily'}}"))
        .isInstanceOfSatisfying(InvalidScheduleException.class, e -> assertThat(e.app()).isEmpty());
  }
}
