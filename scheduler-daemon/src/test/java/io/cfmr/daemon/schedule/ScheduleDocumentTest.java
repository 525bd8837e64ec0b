package io.cfmr.daemon.schedule;

import static io.cfmr.daemon.TestSchedules.APP_A;
import static io.cfmr.daemon.TestSchedules.APP_B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScheduleDocumentTest {

  static List<ParsedSchedule> parse(String name, String text) {
    return ScheduleDocument.parse(name, text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsAYamlListOfSchedules() {
    List<ParsedSchedule> parsed =
        parse(
            "schedules.yaml",
            """
            # comment
            - app-guid: %s
              cron: {start: "*/2 * * * *", stop: "1/2 * * * *"}
            - app-guid: %s
              cron:
                stop: "0/5 * * * * *"
                suspend: true
            """
                .formatted(APP_A, APP_B));

    assertThat(parsed).hasSize(2).allMatch(p -> p instanceof ParsedSchedule.Valid);
    assertThat(((ParsedSchedule.Valid) parsed.get(1)).schedule().suspend()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "s.json | [{\"app-guid\":\"6f0c3f8e-2d1a-4b7e-9c55-1a2b3c4d5e6f\",\"cron\":{\"start\":\"@daily\"}}]",
        "s.jsonl | {\"app-guid\":\"6f0c3f8e-2d1a-4b7e-9c55-1a2b3c4d5e6f\",\"cron\":{\"start\":\"@daily\"}}"
            + " {\"app-guid\":\"0b7e1d2c-3f4a-4e5b-8c6d-7e8f9a0b1c2d\",\"cron\":{\"stop\":\"@daily\"}}",
        "s.yaml | {app-guid: 6f0c3f8e-2d1a-4b7e-9c55-1a2b3c4d5e6f, cron: {start: '@daily'}}",
      })
  void readsJsonListsJsonLinesAndSingleSchedules(String name, String text) {
    assertThat(parse(name, text)).isNotEmpty().allMatch(p -> p instanceof ParsedSchedule.Valid);
  }

  @Test
  void anEmptyFileHasNoSchedules() {
    assertThat(parse("s.yaml", "# nothing yet\n")).isEmpty();
    assertThat(parse("s.json", "")).isEmpty();
  }

  @Test
  void anInvalidScheduleIsRejectedAloneNamingTheAppAndField() {
    List<ParsedSchedule> parsed =
        parse(
            "s.yaml",
            "- {app-guid: %s, cron: {start: '61 * * * *'}}\n- {app-guid: %s, cron: {stop: '@daily'}}"
                .formatted(APP_A, APP_B));

    assertThat(parsed.get(0))
        .isInstanceOfSatisfying(
            ParsedSchedule.Rejected.class,
            rejected -> {
              assertThat(rejected.app()).contains(APP_A);
              assertThat(rejected.reason().field()).isEqualTo("cron.start");
              assertThat(rejected.origin()).isEqualTo("entry 1");
            });
    assertThat(parsed.get(1)).isInstanceOf(ParsedSchedule.Valid.class);
  }

  @Test
  void brokenYamlNamesTheLine() {
    assertThatThrownBy(() -> parse("s.yaml", "- app-guid: x\n  cron: [unclosed\n"))
        .isInstanceOf(ScheduleSourceException.class)
        .hasMessageStartingWith("not valid YAML at line ");
  }

  @Test
  void aScalarIsNotAListOfSchedules() {
    assertThatThrownBy(() -> parse("s.yaml", "just text"))
        .isInstanceOf(ScheduleSourceException.class)
        .hasMessageStartingWith("expected a list of schedules");
  }

  @Test
  void aKeyGivenTwiceMakesAYamlFileInvalidNamingTheKey() {
    String twice = "- app-guid: %s\n  cron: {start: '@daily', start: '@hourly'}\n".formatted(APP_A);

    assertThatThrownBy(() -> parse("s.yaml", twice))
        .isInstanceOf(ScheduleSourceException.class)
        .hasMessageStartingWith("not valid YAML")
        .hasMessageContaining("'start'");
  }

  @Test
  void aKeyGivenTwiceMakesAJsonFileInvalidNamingTheKey() {
    String twice =
        "[{\"app-guid\":\"%s\",\"cron\":{\"start\":\"@daily\",\"start\":\"@hourly\"}}]"
            .formatted(APP_A);

    assertThatThrownBy(() -> parse("s.json", twice))
        .isInstanceOf(ScheduleSourceException.class)
        .hasMessageStartingWith("not valid JSON")
        .hasMessageContaining("'start'");
  }
}
