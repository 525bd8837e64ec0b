package io.cfmr.daemon.trigger;

import io.cfmr.schedule.Chaos;
import io.cfmr.schedule.CronSpec;
import io.cfmr.schedule.Schedule;
import io.cfmr.schedule.Schedule.Firing;
import io.cfmr.schedule.StartSkips;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The reconcile rule's answer ({@link Schedule#lastFiringAtOrBefore}) per set of expressions, zone
 * and skipped dates (or chaos), kept for the second it was asked in: a reconcile of ten thousand
 * apps on office hours works it out once, not ten thousand times (a few hundred microseconds each
 * with cron-utils). Firings fall on whole seconds, so within one second the answer does not change.
 * Safe to ask from many threads at once: the answers are worked out outside any lock.
 */
final class LastFirings {

  /** All that the answer depends on besides the app: its expressions or chaos, zone and skips. */
  private record Timings(
      Optional<CronSpec> start,
      Optional<CronSpec> stop,
      ZoneId zone,
      StartSkips skips,
      Optional<Chaos> chaos) {}

  /** The answers worked out for one second. */
  private record Answers(long second, Map<Timings, Optional<Firing>> byTimings) {
    Answers(long second) {
      this(second, new ConcurrentHashMap<>());
    }
  }

  private volatile Answers answers = new Answers(Long.MIN_VALUE);

  Optional<Firing> of(Schedule schedule, Instant now) {
    Answers current = answers;
    if (current.second() != now.getEpochSecond()) {
      // Two threads may both start a new second: one set of answers is lost, none is wrong.
      current = new Answers(now.getEpochSecond());
      answers = current;
    }
    return current
        .byTimings()
        .computeIfAbsent(
            new Timings(
                schedule.start(),
                schedule.stop(),
                schedule.timezone(),
                schedule.skips(),
                schedule.chaos()),
            timings -> schedule.lastFiringAtOrBefore(now));
  }
}
