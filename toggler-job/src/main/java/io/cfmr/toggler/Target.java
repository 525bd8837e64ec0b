package io.cfmr.toggler;

import io.cfmr.schedule.AppState;
import io.cfmr.schedule.Schedule;
import java.time.Instant;

/**
 * What a run aims for: a fixed state ({@code start}, {@code stop}) or the schedule's ({@code
 * reconcile}).
 */
public sealed interface Target {

  /** The subcommand, for the log line. */
  String command();

  /** The state the app should be in at {@code now}. */
  AppState stateAt(Instant now);

  /**
   * Whether a run that began at {@code started} is no longer the one responsible at {@code now}:
   * the schedule has fired again since, and that firing's Job takes over.
   */
  boolean supersededAt(Instant started, Instant now);

  /** {@code start} or {@code stop}. */
  record Fixed(AppState state) implements Target {
    @Override
    public String command() {
      return state.action();
    }

    @Override
    public AppState stateAt(Instant now) {
      return state;
    }

    @Override
    public boolean supersededAt(Instant started, Instant now) {
      return false;
    }
  }

  /**
   * {@code reconcile}: the state of the schedule's most recent firing at or before now; STOPPED on
   * a tie.
   */
  record Reconcile(Schedule schedule) implements Target {
    @Override
    public String command() {
      return "reconcile";
    }

    @Override
    public AppState stateAt(Instant now) {
      return latestFiring(now).state();
    }

    @Override
    public boolean supersededAt(Instant started, Instant now) {
      return !latestFiring(started).at().toInstant().equals(latestFiring(now).at().toInstant());
    }

    private Schedule.Firing latestFiring(Instant now) {
      // A parsed expression always has a past firing: CronSpec refuses one that never fires, and
      // cron-utils finds the latest firing of any other however long ago it was.
      return schedule
          .lastFiringAtOrBefore(now)
          .orElseThrow(() -> new IllegalStateException("schedule has never fired: " + schedule));
    }
  }
}
