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
        "{'app-guid': 'G', 'cron': {}}                           | cron: expected at least one of cron.start and cron.stop",
        "{'app-guid': 'G', 'cron': {'start': 5}}                 | cron.start: expected a string",
        "{'app-guid': 'G', 'cron': {'start': '61 * * * *'}}      | cron.start: expected Kubernetes CronJob syntax",
        "{'app-guid': 'G', 'cron': {'stop': '* * *'}}            | cron.stop: expected Kubernetes CronJob syntax",
        "{'app-guid': 'G', 'cron': {'start': '@daily', 'suspend': 'no'}}   | cron.suspend: expected true or false",
        "{'app-guid': 'G', 'cron': {'start': '@daily', 'dry-run': 1}}      | cron.dry-run: expected true or false",
        "{'app-guid': 'G', 'cron': {'start': '@daily', 'timezone': 'Mars/Olympus'}} | cron.timezone: expected an IANA time zone name",
        "{'app-guid': 'G', 'cron': {'start': '@daily', 'timezone': '+01:00'}}       | cron.timezone: expected an IANA time zone name",
        "{'app-guid': 'G', 'cron': {'start': '@daily', 'zone': 'UTC'}}     | cron.zone: unknown key; expected one of [dry-run, start, stop, suspend, timezone]",
        "{'app-guid': 'G', 'cron': {'start': '@daily'}, 'extra': 1}        | extra: unknown key; expected one of [app-guid, cron]",
      })
  void invalidSchedulesNameTheFieldAndWhatIsExpected(String text, String message) {
    assertThatThrownBy(() -> parse(text.replace("'G'", "'" + GUID + "'")))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageStartingWith(message);
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
