package io.cfmr.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CronSpecTest {

  private static final ZonedDateTime FRIDAY_10_03_30 = ZonedDateTime.parse("2026-11-27T10:03:30Z");

  @ParameterizedTest(name = "{0} last fired at {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "*/2 * * * *     | 2026-11-27T10:02Z",
        "1/2 * * * *     | 2026-11-27T10:03Z",
        "0 8 * * 1-5     | 2026-11-27T08:00Z",
        "0 8 * * MON-FRI | 2026-11-27T08:00Z",
        "0 8 * * mon-fri | 2026-11-27T08:00Z",
        "0 18 * * SUN    | 2026-11-22T18:00Z",
        "0 0 1 JAN *     | 2026-01-01T00:00Z",
        "5-10/2 9 * * *  | 2026-11-27T09:09Z",
        "0 0 1,15 * *    | 2026-11-15T00:00Z",
        "0 0 ? * *       | 2026-11-27T00:00Z",
        "0 8 ? * ?       | 2026-11-27T08:00Z",
        "0 8 * * ?       | 2026-11-27T08:00Z",
        "0 8 ? * MON     | 2026-11-23T08:00Z",
        "@hourly         | 2026-11-27T10:00Z",
        "@daily          | 2026-11-27T00:00Z",
        "@midnight       | 2026-11-27T00:00Z",
        "@weekly         | 2026-11-22T00:00Z",
        "@monthly        | 2026-11-01T00:00Z",
        "@yearly         | 2026-01-01T00:00Z",
        "@annually       | 2026-01-01T00:00Z",
      })
  void kubernetesExpressionsParseAndFire(String expression, String lastFired) {
    CronSpec spec = CronSpec.parse("cron.start", expression, CronSyntax.KUBERNETES);

    assertThat(spec.lastFireAtOrBefore(FRIDAY_10_03_30)).contains(ZonedDateTime.parse(lastFired));
  }

  @Test
  void bothDayFieldsRestrictedFireOnEitherLikeKubernetes() {
    // 1st of the month OR Monday: Friday 27 Nov -> last Monday 23 Nov; next is Mon 30 Nov, then 1
    // Dec.
    CronSpec spec = CronSpec.parse("cron.start", "0 0 1 * MON", CronSyntax.KUBERNETES);

    assertThat(spec.lastFireAtOrBefore(FRIDAY_10_03_30))
        .contains(ZonedDateTime.parse("2026-11-23T00:00Z"));
    assertThat(spec.nextFireAfter(FRIDAY_10_03_30))
        .contains(ZonedDateTime.parse("2026-11-30T00:00Z"));
    assertThat(spec.nextFireAfter(ZonedDateTime.parse("2026-11-30T00:00Z")))
        .contains(ZonedDateTime.parse("2026-12-01T00:00Z"));
  }

  @Test
  void aQuestionMarkInBothDayFieldsIsAcceptedAndFiresDailyLikeKubernetes() {
    CronSpec spec = CronSpec.parse("cron.start", "0 8 ? * ?", CronSyntax.KUBERNETES);

    ZonedDateTime saturday = spec.nextFireAfter(FRIDAY_10_03_30).orElseThrow();
    assertThat(saturday).isEqualTo(ZonedDateTime.parse("2026-11-28T08:00Z"));
    assertThat(spec.nextFireAfter(saturday)).contains(ZonedDateTime.parse("2026-11-29T08:00Z"));
    assertThat(spec.expression()).isEqualTo("0 8 ? * ?");
  }

  @Test
  void aFiringExactlyAtTheInstantAskedForHasHappened() {
    CronSpec spec = CronSpec.parse("cron.start", "*/2 * * * *", CronSyntax.KUBERNETES);

    assertThat(spec.lastFireAtOrBefore(ZonedDateTime.parse("2026-11-27T10:04:00Z")))
        .contains(ZonedDateTime.parse("2026-11-27T10:04:00Z"));
    assertThat(spec.lastFireAtOrBefore(ZonedDateTime.parse("2026-11-27T10:03:59.999Z")))
        .contains(ZonedDateTime.parse("2026-11-27T10:02:00Z"));
  }

  @Test
  void sixFieldsWithSecondsFirstAreTheDaemonsOnly() {
    CronSpec spec =
        CronSpec.parse("cron.stop", "15/30 * * * * *", CronSyntax.KUBERNETES_OR_SECONDS);

    assertThat(spec.lastFireAtOrBefore(FRIDAY_10_03_30))
        .contains(ZonedDateTime.parse("2026-11-27T10:03:15Z"));
    assertThatThrownBy(() -> CronSpec.parse("cron.stop", "15/30 * * * * *", CronSyntax.KUBERNETES))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageStartingWith("cron.stop: expected 5 fields");
  }

  @Test
  void anExpressionWrittenAgainIsParsedOnceAndShared() {
    CronSpec first = CronSpec.parse("cron.start", "0 19 * * MON-FRI", CronSyntax.KUBERNETES);

    assertThat(CronSpec.parse("cron.stop", " 0  19 * * MON-FRI", CronSyntax.KUBERNETES_OR_SECONDS))
        .isSameAs(first);
    assertThat(CronSpec.parse("cron.stop", "0 19 * * MON-SAT", CronSyntax.KUBERNETES))
        .isNotSameAs(first);
  }

  @Test
  void whiteSpaceIsFoldedAndTheTextKeptForTheCronJob() {
    CronSpec spec = CronSpec.parse("cron.start", "  0   8 * *  1-5 ", CronSyntax.KUBERNETES);

    assertThat(spec.expression()).isEqualTo("0 8 * * 1-5");
    assertThat(spec).isEqualTo(CronSpec.parse("x", "0 8 * * 1-5", CronSyntax.KUBERNETES));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   ",
        "* * * *",
        "60 * * * *",
        "* 24 * * *",
        "* * 32 * *",
        "* * * 13 *",
        "0 0 * * 7",
        "30-10 * * * *",
        "0 0 L * *",
        "0 0 * * 1#2",
        "@reboot",
        "@every 5m",
        "CRON_TZ=Europe/Berlin 0 8 * * *",
        "TZ=UTC 0 8 * * *",
        "0 0 31 2 *",
        "hello world",
        "* * * * * * *"
      })
  void invalidExpressionsAreRejectedNamingTheField(String expression) {
    assertThatThrownBy(() -> CronSpec.parse("cron.start", expression, CronSyntax.KUBERNETES))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageStartingWith("cron.start: ")
        .satisfies(e -> assertThat(((InvalidScheduleException) e).field()).isEqualTo("cron.start"));
  }

  @Test
  void timeZonePrefixPointsToTheTimezoneField() {
    assertThatThrownBy(
            () -> CronSpec.parse("cron.stop", "CRON_TZ=UTC 0 8 * * *", CronSyntax.KUBERNETES))
        .hasMessage("cron.stop: a CRON_TZ/TZ prefix is not allowed; set cron.timezone instead");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0 0 30 2 *", "0 0 31 4,6,9,11 *", "0 0 0 30-31 2 *"})
  void anExpressionThatNeverFiresIsRejected(String expression) {
    assertThatThrownBy(
            () -> CronSpec.parse("cron.stop", expression, CronSyntax.KUBERNETES_OR_SECONDS))
        .hasMessage("cron.stop: '" + expression + "' never fires; expected a date that exists");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0 0 30 2 MON", "0 0 29 2 *", "0 0 31 * *", "0 0 0 31 */2 *"})
  void aDayOfTheMonthThatSomeAllowedMonthHasOrADayOfTheWeekFires(String expression) {
    CronSpec spec = CronSpec.parse("cron.stop", expression, CronSyntax.KUBERNETES_OR_SECONDS);

    assertThat(spec.nextFireAfter(ZonedDateTime.parse("2026-12-01T00:00:00Z"))).isPresent();
  }

  @Test
  void aHugeExpressionIsNotEchoedWhole() {
    String huge = "1 ".repeat(10_000);
    assertThatThrownBy(() -> CronSpec.parse("cron.start", huge, CronSyntax.KUBERNETES))
        .isInstanceOf(InvalidScheduleException.class)
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(400));
  }
}
