package io.cfmr.daemon.trigger;

import io.cfmr.schedule.Chaos;
import io.cfmr.schedule.CronSpec;
import io.cfmr.schedule.Schedule;
import io.cfmr.schedule.Schedule.Firing;
import io.cfmr.schedule.StartSkips;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The reconcile rule's answer ({@link Schedule#lastFiringAtOrBefore}) per set of expressions, zone
 * and skipped dates (or chaos), kept for the second it was asked in: a reconcile of ten thousand
 * apps on office hours works it out once, not ten thousand times (a few hundred microseconds each
 * with cron-utils). Firings fall on whole seconds, so within one second the answer does not change.
 */
final class LastFirings {

  /** All that the answer depends on besides the app: its expressions or chaos, zone and skips. */
  private record Timings(
      Optional<CronSpec> start,
      Optional<CronSpec> stop,
      ZoneId zone,
      StartSkips skips,
      Optional<Chaos> chaos) {}

  private final Map<Timings, Optional<Firing>> answers = new HashMap<>();
  private long second = Long.MIN_VALUE;

  synchronized Optional<Firing> of(Schedule schedule, Instant now) {
    if (now.getEpochSecond() != second) {
      answers.clear();
      second = now.getEpochSecond();
    }
    return answers.computeIfAbsent(
        new Timings(
            schedule.start(),
            schedule.stop(),
            schedule.timezone(),
            schedule.skips(),
            schedule.chaos()),
        timings -> schedule.lastFiringAtOrBefore(now));
  }
}
