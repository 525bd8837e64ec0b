package io.cfmr.schedule;

import com.cronutils.model.time.ExecutionTime;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * When a cron expression fires in a zone: at every instant at which the zone's wall clock shows a
 * date and time the expression matches. A time in a spring-forward gap is never shown, so it does
 * not fire; a time in a fall-back repeat is shown twice, so it fires twice. That is how robfig/cron
 * (Kubernetes) fires, except where it has a bug (see {@code docs/cron.md}).
 *
 * <p>cron-utils matches the clock times, read in UTC, where they are all there exactly once (its
 * own DST handling misses firings in Australia/Lord_Howe's 30-minute shifts and fires a repeated
 * time once); the zone's rules turn each clock time into its zero, one or two instants.
 */
final class WallClock {

  private static final ZoneId CLOCK = ZoneOffset.UTC;

  private WallClock() {}

  /** The first firing strictly after {@code time}, in {@code time}'s zone. */
  static Optional<ZonedDateTime> firstAfter(ExecutionTime clock, ZonedDateTime time) {
    LocalDateTime now = time.toLocalDateTime();
    // In the first pass of a repeated hour, clock times before now still come in the second pass.
    var transition = time.getZone().getRules().getTransition(now);
    LocalDateTime from =
        transition != null
                && transition.isOverlap()
                && time.getOffset().equals(transition.getOffsetBefore())
            ? transition.getDateTimeAfter()
            : now;
    Optional<ZonedDateTime> best = Optional.empty();
    UnaryOperator<LocalDateTime> next = at -> step(clock.nextExecution(at.atZone(CLOCK)));
    for (LocalDateTime shown = next.apply(from.minusSeconds(1));
        shown != null;
        shown = next.apply(shown)) {
      List<ZonedDateTime> instants = instants(shown, time.getZone());
      for (ZonedDateTime at : instants) {
        if (at.isAfter(time) && best.map(at::isBefore).orElse(true)) {
          best = Optional.of(at);
        }
      }
      // The first time the clock shows a later time is later still: nothing after can be earlier.
      if (best.isPresent() && !instants.isEmpty() && !instants.get(0).isBefore(best.get())) {
        return best;
      }
    }
    return best;
  }

  /** The last firing at or before {@code time}, in {@code time}'s zone. */
  static Optional<ZonedDateTime> lastAtOrBefore(ExecutionTime clock, ZonedDateTime time) {
    LocalDateTime now = time.toLocalDateTime();
    // In the second pass of a repeated hour, clock times after now came in the first pass.
    var transition = time.getZone().getRules().getTransition(now);
    LocalDateTime until =
        transition != null
                && transition.isOverlap()
                && time.getOffset().equals(transition.getOffsetAfter())
            ? transition.getDateTimeBefore()
            // Firings fall on whole seconds: one at now's second is not after now.
            : now.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    Optional<ZonedDateTime> best = Optional.empty();
    UnaryOperator<LocalDateTime> previous = at -> step(clock.lastExecution(at.atZone(CLOCK)));
    for (LocalDateTime shown = previous.apply(until);
        shown != null;
        shown = previous.apply(shown)) {
      List<ZonedDateTime> instants = instants(shown, time.getZone());
      for (ZonedDateTime at : instants) {
        if (!at.isAfter(time) && best.map(at::isAfter).orElse(true)) {
          best = Optional.of(at);
        }
      }
      // The last time the clock shows an earlier time is earlier still: nothing before is later.
      if (best.isPresent()
          && !instants.isEmpty()
          && !instants.get(instants.size() - 1).isAfter(best.get())) {
        return best;
      }
    }
    return best;
  }

  private static LocalDateTime step(Optional<ZonedDateTime> shown) {
    return shown.map(ZonedDateTime::toLocalDateTime).orElse(null);
  }

  /**
   * The instants at which the zone's clock shows {@code shown}, earliest first: none in a gap, two
   * in a repeat.
   */
  private static List<ZonedDateTime> instants(LocalDateTime shown, ZoneId zone) {
    return zone.getRules().getValidOffsets(shown).stream()
        .map(offset -> ZonedDateTime.ofStrict(shown, offset, zone))
        .toList();
  }
}
