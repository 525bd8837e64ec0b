package io.cfmr.schedule;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * An app's start/stop schedule: the one shape shared by the broker's bind parameters, the daemon's
 * schedule file and its ConfigMaps (see {@link ScheduleJson}).
 *
 * @param appGuid the app whose state is toggled
 * @param start when to set the app STARTED; empty if the schedule only stops it
 * @param stop when to set the app STOPPED; empty if the schedule only starts it
 * @param suspend keep the schedule but do not fire
 * @param timezone the zone the expressions are read in
 * @param dryRun fire, log and count, but do not call the Cloud Controller
 */
public record Schedule(
    AppGuid appGuid,
    Optional<CronSpec> start,
    Optional<CronSpec> stop,
    boolean suspend,
    ZoneId timezone,
    boolean dryRun) {

  /** The IANA zone {@code UTC} (not {@code ZoneOffset.UTC}, whose id {@code Z} is no zone name). */
  public static final ZoneId DEFAULT_TIMEZONE = ZoneId.of("UTC");

  public Schedule {
    if (appGuid == null) {
      throw new InvalidScheduleException("app-guid", "is required");
    }
    if (start.isEmpty() && stop.isEmpty()) {
      throw new InvalidScheduleException(
          "cron", "expected at least one of cron.start and cron.stop");
    }
    if (timezone == null) {
      timezone = DEFAULT_TIMEZONE;
    }
  }

  /** The firing of one of the two expressions. */
  public record Firing(AppState state, ZonedDateTime at) {}

  /**
   * The reconcile rule, the one reading of both modes: the app should be in the state of the
   * schedule's most recent firing at or before {@code now} (a firing at instant t has happened at
   * t, also for a trigger that runs a few milliseconds into its second). When start and stop fired
   * at the same instant, STOPPED wins (the safe and cheap side). Empty when neither has ever fired.
   */
  public Optional<Firing> lastFiringAtOrBefore(Instant now) {
    ZonedDateTime local = now.atZone(timezone);
    Comparator<Firing> latestThenStopped =
        Comparator.comparing(Firing::at)
            .thenComparing(firing -> firing.state() == AppState.STOPPED);
    return Stream.of(
            lastFiring(start, AppState.STARTED, local), lastFiring(stop, AppState.STOPPED, local))
        .flatMap(Optional::stream)
        .max(latestThenStopped);
  }

  private static Optional<Firing> lastFiring(
      Optional<CronSpec> cron, AppState state, ZonedDateTime now) {
    return cron.flatMap(c -> c.lastFireAtOrBefore(now)).map(at -> new Firing(state, at));
  }
}
