package io.cfmr.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The model against Kubernetes' own cron: every row of {@code robfig/cases.tsv}, written by
 * robfig/cron v3 (how: {@code schedule-model/src/test/robfig/README.md}).
 */
class RobfigDifferentialTest {

  /** One row: an expression, its zone, a reference instant and the firings after it. */
  record Case(String expression, ZoneId zone, ZonedDateTime after, List<ZonedDateTime> firings) {

    static Case parse(String line) {
      String[] columns = line.split("\t", -1);
      ZoneId zone = ZoneId.of(columns[1]);
      if (columns[3].equals("rejected")) {
        return new Case(columns[0], zone, null, List.of());
      }
      return new Case(
          columns[0],
          zone,
          instant(columns[2], zone),
          Stream.of(columns[3].split(",")).map(firing -> instant(firing, zone)).toList());
    }

    private static ZonedDateTime instant(String text, ZoneId zone) {
      return OffsetDateTime.parse(text).atZoneSameInstant(zone);
    }

    boolean rejected() {
      return after == null;
    }

    @Override
    public String toString() {
      return expression + " in " + zone + " after " + Objects.toString(after, "-");
    }
  }

  static List<Case> cases() throws IOException {
    List<Case> cases = new ArrayList<>();
    try (var in = RobfigDifferentialTest.class.getResourceAsStream("/robfig/cases.tsv");
        var reader =
            new BufferedReader(
                new InputStreamReader(Objects.requireNonNull(in), StandardCharsets.UTF_8))) {
      reader.lines().filter(line -> !line.startsWith("#")).map(Case::parse).forEach(cases::add);
    }
    assertThat(cases).hasSizeGreaterThanOrEqualTo(100);
    return cases;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void firesWhereKubernetesFires(Case row) {
    if (row.rejected()) {
      assertThatThrownBy(
              () -> CronSpec.parse("cron.start", row.expression(), CronSyntax.KUBERNETES))
          .isInstanceOf(InvalidScheduleException.class);
      return;
    }
    CronSpec spec = CronSpec.parse("cron.start", row.expression(), CronSyntax.KUBERNETES);

    List<OffsetDateTime> next = new ArrayList<>();
    ZonedDateTime at = row.after();
    for (int i = 0; i < row.firings().size(); i++) {
      at = spec.nextFireAfter(at).orElseThrow();
      next.add(at.toOffsetDateTime());
    }
    assertThat(next).isEqualTo(offsets(row.firings()));
  }

  /**
   * The reconcile rule's reading of the same rows: the latest firing at or before firing k is
   * firing k itself; a second earlier it is firing k-1.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theLatestFiringAtOrBeforeAnInstantIsTheOneKubernetesFiredLast(Case row) {
    if (row.rejected()) {
      return;
    }
    CronSpec spec = CronSpec.parse("cron.start", row.expression(), CronSyntax.KUBERNETES);
    List<ZonedDateTime> firings = row.firings();

    for (int k = 0; k < firings.size(); k++) {
      ZonedDateTime firing = firings.get(k);
      assertThat(spec.lastFireAtOrBefore(firing).map(ZonedDateTime::toOffsetDateTime))
          .as("at or before %s", firing)
          .contains(firing.toOffsetDateTime());
      if (k > 0) {
        assertThat(
                spec.lastFireAtOrBefore(firing.minusSeconds(1))
                    .map(ZonedDateTime::toOffsetDateTime))
            .as("at or before %s - 1s", firing)
            .contains(firings.get(k - 1).toOffsetDateTime());
      }
    }
    assertThat(spec.lastFireAtOrBefore(row.after()).orElseThrow()).isBeforeOrEqualTo(row.after());
  }

  private static List<OffsetDateTime> offsets(List<ZonedDateTime> times) {
    return times.stream().map(ZonedDateTime::toOffsetDateTime).toList();
  }
}
