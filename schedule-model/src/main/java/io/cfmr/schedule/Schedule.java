package io.cfmr.schedule;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * An app's start/stop schedule: the one shape shared by the broker's bind parameters, the daemon's
 * schedule file and its ConfigMaps (see {@link ScheduleJson}). It is either a pair of cron
 * expressions or, in place of them, {@linkplain Chaos chaos}.
 *
 * @param appGuid the app whose state is toggled
 * @param start when to set the app STARTED; empty if the schedule only stops it
 * @param stop when to set the app STOPPED; empty if the schedule only starts it
 * @param suspend keep the schedule but do not fire
 * @param timezone the zone the expressions are read in
 * @param dryRun fire, log and count, but do not call the Cloud Controller
 * @param skips the local dates on which {@code start} does not fire
 * @param chaos a reproducible outage pattern in place of {@code start} and {@code stop}
 */
public record Schedule(
    AppGuid appGuid,
    Optional<CronSpec> start,
    Optional<CronSpec> stop,
    boolean suspend,
    ZoneId timezone,
    boolean dryRun,
    StartSkips skips,
    Optional<Chaos> chaos) {

  /**
   * How many skipped days in a row the reconcile rule looks past before it takes the start
   * expression as never having fired (a start that only fires on holidays never fires).
   */
  private static final int MAX_SKIPPED_STARTS = 1000;

  /** The IANA zone {@code UTC} (not {@code ZoneOffset.UTC}, whose id {@code Z} is no zone name). */
  public static final ZoneId DEFAULT_TIMEZONE = ZoneId.of("UTC");

  public Schedule {
    if (appGuid == null) {
      throw new InvalidScheduleException("app-guid", "is required");
    }
    if (skips == null) {
      skips = StartSkips.NONE;
    }
    if (chaos.isPresent()) {
      requireNoCron(start, "cron.start");
      requireNoCron(stop, "cron.stop");
      if (!skips.isEmpty()) {
        throw new InvalidScheduleException(
            skips.holidays().isPresent() ? ScheduleJson.HOLIDAYS : ScheduleJson.SKIP_DATES,
            "applies to cron.start, which a chaos schedule does not have; leave it out");
      }
    } else if (start.isEmpty() && stop.isEmpty()) {
      throw new InvalidScheduleException(
          "cron", "expected at least one of cron.start and cron.stop, or cron.chaos");
    }
    if (timezone == null) {
      timezone = DEFAULT_TIMEZONE;
    }
  }

  /** A start/stop schedule without skipped dates. */
  public Schedule(
      AppGuid appGuid,
      Optional<CronSpec> start,
      Optional<CronSpec> stop,
      boolean suspend,
      ZoneId timezone,
      boolean dryRun) {
    this(appGuid, start, stop, suspend, timezone, dryRun, StartSkips.NONE, Optional.empty());
  }

  private static void requireNoCron(Optional<CronSpec> cron, String field) {
    if (cron.isPresent()) {
      throw new InvalidScheduleException(
          field, "cannot be given with cron.chaos, which takes the place of cron.start/cron.stop");
    }
  }

  /** True when a start firing at {@code at} does not happen: its local date is skipped. */
  public boolean skipsStartAt(Instant at) {
    return skips.skips(at.atZone(timezone).toLocalDate());
  }

  /** The firing of one of the two expressions. */
  public record Firing(AppState state, ZonedDateTime at) {}

  /**
   * The reconcile rule, the one reading of both modes: the app should be in the state of the
   * schedule's most recent firing at or before {@code now} (a firing at instant t has happened at
   * t, also for a trigger that runs a few milliseconds into its second). When start and stop fired
   * at the same instant, STOPPED wins (the safe and cheap side). A start firing on a {@linkplain
   * #skips skipped} date does not count: the one before it does. Empty when neither has ever fired.
   */
  public Optional<Firing> lastFiringAtOrBefore(Instant now) {
    if (chaos.isPresent()) {
      Firing flip = chaos.get().lastFlipAtOrBefore(now);
      return Optional.of(new Firing(flip.state(), flip.at().withZoneSameInstant(timezone)));
    }
    ZonedDateTime local = now.atZone(timezone);
    Comparator<Firing> latestThenStopped =
        Comparator.comparing(Firing::at)
            .thenComparing(firing -> firing.state() == AppState.STOPPED);
    return Stream.of(
            lastStart(local).map(at -> new Firing(AppState.STARTED, at)),
            lastFiring(stop, AppState.STOPPED, local))
        .flatMap(Optional::stream)
        .max(latestThenStopped);
  }

  private Optional<ZonedDateTime> lastStart(ZonedDateTime now) {
    Optional<ZonedDateTime> at = start.flatMap(cron -> cron.lastFireAtOrBefore(now));
    for (int skipped = 0; at.isPresent() && skips.skips(at.get().toLocalDate()); skipped++) {
      if (skipped == MAX_SKIPPED_STARTS) {
        return Optional.empty();
      }
      ZonedDateTime dayBefore = at.get().toLocalDate().atStartOfDay(timezone).minusNanos(1);
      at = start.get().lastFireAtOrBefore(dayBefore);
    }
    return at;
  }

  private static Optional<Firing> lastFiring(
      Optional<CronSpec> cron, AppState state, ZonedDateTime now) {
    return cron.flatMap(c -> c.lastFireAtOrBefore(now)).map(at -> new Firing(state, at));
  }
}
