package io.cfmr.daemon.trigger;

import io.cfmr.schedule.Schedule;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The reconcile rule (the toggler's, from the schedule model) as the daemon applies it: the state
 * of the schedule's latest firing at or before {@code now}, STOPPED when start and stop fired
 * together.
 *
 * <p>"At or before": cron firings fall on whole seconds, and a trigger's job runs a few
 * milliseconds after its second began; the firing of the current second must count.
 */
public final class WantedState {

  private WantedState() {}

  public static Optional<Schedule.Firing> at(Schedule schedule, Instant now) {
    return schedule.lastFiringBefore(now.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1));
  }
}
