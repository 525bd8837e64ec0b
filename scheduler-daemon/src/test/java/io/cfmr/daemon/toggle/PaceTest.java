package io.cfmr.daemon.toggle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The pool's pace on a clock the test moves. */
class PaceTest {

  static final long MS = 1_000_000L;

  final AtomicLong now = new AtomicLong(1_000 * MS);

  @Test
  void startsAreSpacedEvenlyEvenWhenManyAskAtOnce() {
    Pace pace = new Pace(10, Duration.ofMinutes(5), now::get);

    long[] starts = {
      pace.reserve(now.get()), pace.reserve(now.get()), pace.reserve(now.get()),
    };

    assertThat(starts).containsExactly(1_000 * MS, 1_100 * MS, 1_200 * MS);
  }

  @Test
  void anIdlePaceDoesNotSaveUpABurst() {
    Pace pace = new Pace(10, Duration.ofMinutes(5), now::get);
    pace.reserve(now.get());

    now.addAndGet(5_000 * MS);

    assertThat(pace.reserve(now.get())).isEqualTo(6_000 * MS);
    assertThat(pace.reserve(now.get())).isEqualTo(6_100 * MS);
  }

  @Test
  void aRetryAfterPausesEveryStartAndTheRateHoldsAfterIt() {
    Pace pace = new Pace(10, Duration.ofMinutes(5), now::get);

    pace.pause(Duration.ofSeconds(2));

    assertThat(pace.isPaused(now.get() + 1_999 * MS)).isTrue();
    assertThat(pace.reserve(now.get())).isEqualTo(3_000 * MS);
    assertThat(pace.reserve(now.get())).isEqualTo(3_100 * MS);
    assertThat(pace.isPaused(now.get() + 2_000 * MS)).isFalse();
  }

  @Test
  void aPauseIsCappedAndNeverShortensALongerOne() {
    Pace pace = new Pace(0, Duration.ofSeconds(30), now::get);

    pace.pause(Duration.ofHours(2));
    pace.pause(Duration.ofSeconds(1));

    assertThat(pace.reserve(now.get())).isEqualTo(31_000 * MS);
    assertThat(pace.reserve(now.get())).as("no rate: no spacing").isEqualTo(31_000 * MS);
  }

  @Test
  void aRetryAfterSoonAfterAPauseDoesNotPauseThePoolAgainBeforeItRanAsLong() {
    Pace pace = new Pace(0, Duration.ofMinutes(5), now::get);
    assertThat(pace.pause(Duration.ofSeconds(2))).isTrue();

    now.addAndGet(3_999 * MS);
    assertThat(pace.pause(Duration.ofSeconds(2))).as("ran 1.999 s after a 2 s pause").isFalse();
    assertThat(pace.reserve(now.get())).isEqualTo(4_999 * MS);

    now.addAndGet(1 * MS);
    assertThat(pace.pause(Duration.ofSeconds(2))).as("ran as long as it paused").isTrue();
    assertThat(pace.reserve(now.get())).isEqualTo(7_000 * MS);
  }

  @Test
  void aRetryAfterDuringAPauseLengthensItAndTheRunAfterItMustMatchTheWholePause() {
    Pace pace = new Pace(0, Duration.ofMinutes(5), now::get);
    pace.pause(Duration.ofSeconds(2));

    now.addAndGet(1_000 * MS);
    assertThat(pace.pause(Duration.ofSeconds(3))).isTrue();
    assertThat(pace.reserve(now.get())).as("paused 4 s in all").isEqualTo(5_000 * MS);

    now.addAndGet(3_000 * MS + 3_999 * MS);
    assertThat(pace.pause(Duration.ofSeconds(1))).as("ran 3.999 s after 4 s").isFalse();
    now.addAndGet(1 * MS);
    assertThat(pace.pause(Duration.ofSeconds(1))).isTrue();
  }
}
