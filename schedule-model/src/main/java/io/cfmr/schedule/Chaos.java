package io.cfmr.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reproducible outage pattern: time is cut into periods aligned to the epoch, and in each the app
 * is stopped for {@code 100 - uptimePercent} percent of it, starting at an offset drawn from the
 * seed and the period's number. The same seed gives the same outages on every run and replica.
 *
 * @param uptimePercent how much of each period the app runs, 1 to 99
 * @param period the length of a period, whole seconds, at least {@link #MIN_PERIOD}
 * @param seed picks the outages' offsets
 */
public record Chaos(int uptimePercent, Duration period, long seed) {

  public static final Duration MIN_PERIOD = Duration.ofSeconds(10);
  private static final Pattern PERIOD = Pattern.compile("([0-9]{1,9})([smhd])");
  // Spreads consecutive period numbers over the seed space (the golden-ratio constant).
  private static final long MIX = 0x9E3779B97F4A7C15L;

  public Chaos {
    if (uptimePercent < 1 || uptimePercent > 99) {
      throw new InvalidScheduleException(
          ScheduleJson.CHAOS + ".uptime-percent",
          "expected a whole number from 1 to 99 such as 50, got " + uptimePercent);
    }
    if (period.compareTo(MIN_PERIOD) < 0 || period.getNano() != 0) {
      throw new InvalidScheduleException(
          ScheduleJson.CHAOS + ".period",
          "expected whole seconds, at least 10s, such as '10s', '10m' or '1h', got "
              + period.toSeconds()
              + "s");
    }
  }

  /** Parses a period such as {@code 10s}, {@code 10m}, {@code 2h} or {@code 1d}. */
  public static Duration period(String text) {
    Matcher parts = PERIOD.matcher(text == null ? "" : text.trim());
    if (!parts.matches()) {
      throw new InvalidScheduleException(
          ScheduleJson.CHAOS + ".period",
          "expected a number and a unit (s, m, h or d), at least 10s, such as '10s', '10m' or"
              + " '1h', got "
              + InvalidScheduleException.quote(text));
    }
    long amount = Long.parseLong(parts.group(1));
    return switch (parts.group(2)) {
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      default -> Duration.ofDays(amount);
    };
  }

  /** The outage of one period: the app is stopped from {@code stop} until {@code start}. */
  public record Outage(Instant stop, Instant start) {}

  /** The outage of the period {@code index} (period 0 starts at the epoch). */
  public Outage outage(long index) {
    long length = period.getSeconds();
    // The outage lies strictly inside its period, at least a second long: every period has its own
    // stop and start, and no outage runs into the next one's.
    long down =
        Math.max(1, Math.min(length - 2, Math.round(length * (100 - uptimePercent) / 100.0)));
    long offset = 1 + new SplittableRandom(seed ^ (index * MIX)).nextLong(length - down - 1);
    Instant stop = Instant.ofEpochSecond(Math.multiplyExact(index, length) + offset);
    return new Outage(stop, stop.plusSeconds(down));
  }

  /** The number of the period {@code at} falls in. */
  public long periodOf(Instant at) {
    return Math.floorDiv(at.getEpochSecond(), period.getSeconds());
  }

  /** The latest flip at or before {@code at}, in UTC. */
  public Schedule.Firing lastFlipAtOrBefore(Instant at) {
    long index = periodOf(at);
    Outage outage = outage(index);
    if (!at.isBefore(outage.start())) {
      return firing(AppState.STARTED, outage.start());
    }
    if (!at.isBefore(outage.stop())) {
      return firing(AppState.STOPPED, outage.stop());
    }
    return firing(AppState.STARTED, outage(index - 1).start());
  }

  /** The first flip strictly after {@code at}, in UTC. */
  public Schedule.Firing nextFlipAfter(Instant at) {
    for (long index = periodOf(at); ; index++) {
      Outage outage = outage(index);
      if (outage.stop().isAfter(at)) {
        return firing(AppState.STOPPED, outage.stop());
      }
      if (outage.start().isAfter(at)) {
        return firing(AppState.STARTED, outage.start());
      }
    }
  }

  private static Schedule.Firing firing(AppState state, Instant at) {
    return new Schedule.Firing(state, at.atZone(ZoneOffset.UTC));
  }
}
