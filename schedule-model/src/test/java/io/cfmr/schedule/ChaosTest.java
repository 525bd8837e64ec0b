package io.cfmr.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.cfmr.schedule.Schedule.Firing;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChaosTest {

  private static final AppGuid APP = new AppGuid("cb203632-efaf-47f1-ae65-68b856a28c6f");
  private static final Instant FROM = Instant.parse("2026-11-27T10:03:17Z");

  private static Schedule chaos(int uptime, Duration period, long seed) {
    return new Schedule(
        APP,
        Optional.empty(),
        Optional.empty(),
        false,
        ZoneId.of("Europe/Berlin"),
        false,
        StartSkips.NONE,
        Optional.of(new Chaos(uptime, period, seed)));
  }

  /**
   * The flips from {@code from} on, as a daemon re-arming its trigger after each flip sees them.
   */
  private static List<Firing> flips(Chaos chaos, Instant from, int count) {
    List<Firing> flips = new ArrayList<>();
    for (Instant at = from; flips.size() < count; ) {
      Firing next = chaos.nextFlipAfter(at);
      flips.add(next);
      at = next.at().toInstant();
    }
    return flips;
  }

  @Test
  void theSameSeedFlipsAtTheSameInstantsWhereverTheCountStarts() {
    Chaos chaos = new Chaos(50, Duration.ofMinutes(10), 42);

    List<Firing> run = flips(chaos, FROM, 20);
    List<Firing> laterRun = flips(new Chaos(50, Duration.ofMinutes(10), 42), FROM, 20);
    List<Firing> otherSeed = flips(new Chaos(50, Duration.ofMinutes(10), 43), FROM, 20);

    assertThat(laterRun).isEqualTo(run);
    assertThat(flips(chaos, run.get(9).at().toInstant().minusSeconds(1), 11))
        .isEqualTo(run.subList(9, 20));
    assertThat(otherSeed).isNotEqualTo(run);
    assertThat(run).hasSize(20);
  }

  @Test
  void flipsAlternateAndMatchTheReconcileRule() {
    Chaos chaos = new Chaos(70, Duration.ofSeconds(10), 7);

    Firing previous = chaos.lastFlipAtOrBefore(FROM);
    for (Firing flip : flips(chaos, FROM, 200)) {
      assertThat(flip.state()).isNotEqualTo(previous.state());
      assertThat(chaos.lastFlipAtOrBefore(flip.at().toInstant())).isEqualTo(flip);
      assertThat(chaos.lastFlipAtOrBefore(flip.at().toInstant().minusMillis(1)))
          .isEqualTo(previous);
      previous = flip;
    }
  }

  @ParameterizedTest(name = "{0}% of {1}")
  @CsvSource({"50, PT10M", "90, PT10S", "10, PT1H", "33, PT37S", "99, PT10M"})
  void overFiftyPeriodsTheAppRunsForTheAskedShareOfTheTime(int uptime, Duration period) {
    Schedule schedule = chaos(uptime, period, 42);
    Instant start =
        Instant.ofEpochSecond(FROM.getEpochSecond() / period.getSeconds() * period.getSeconds());
    long seconds = period.getSeconds() * 50;

    long up = 0;
    for (long second = 0; second < seconds; second++) {
      Optional<Firing> wanted = schedule.lastFiringAtOrBefore(start.plusSeconds(second));
      up += wanted.map(firing -> firing.state() == AppState.STARTED ? 1 : 0).orElseThrow();
    }

    assertThat(100.0 * up / seconds).isCloseTo(uptime, org.assertj.core.data.Offset.offset(2.0));
  }

  @Test
  void everyPeriodHasOneOutageOfTheSameLength() {
    Chaos chaos = new Chaos(75, Duration.ofMinutes(10), 42);

    for (long index = 1000; index < 1100; index++) {
      Chaos.Outage outage = chaos.outage(index);
      assertThat(Duration.between(outage.stop(), outage.start()))
          .isEqualTo(Duration.ofSeconds(150));
      assertThat(chaos.periodOf(outage.stop().minusSeconds(1))).isEqualTo(index);
      assertThat(chaos.periodOf(outage.start().plusSeconds(1))).isEqualTo(index);
    }
  }

  @Test
  void theFlipsAreInTheSchedulesZone() {
    assertThat(chaos(50, Duration.ofMinutes(10), 1).lastFiringAtOrBefore(FROM))
        .map(firing -> firing.at().getZone())
        .contains(ZoneId.of("Europe/Berlin"));
  }
}
