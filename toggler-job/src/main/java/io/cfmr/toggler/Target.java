package io.cfmr.toggler;

import io.cfmr.schedule.AppState;
import io.cfmr.schedule.Schedule;
import java.time.Instant;
import java.util.Optional;

/**
 * What a run aims for: a fixed state ({@code start}, {@code stop}) or the schedule's ({@code
 * reconcile}).
 */
public sealed interface Target {

  /** The subcommand, for the log line. */
  String command();

  /** The state the app should be in at {@code now}; empty when the schedule has never fired. */
  Optional<AppState> stateAt(Instant now);

  /** {@code start} or {@code stop}. */
  record Fixed(AppState state) implements Target {
    @Override
    public String command() {
      return state.action();
    }

    @Override
    public Optional<AppState> stateAt(Instant now) {
      return Optional.of(state);
    }
  }

  /** {@code reconcile}: the state of the schedule's most recent firing; STOPPED on a tie. */
  record Reconcile(Schedule schedule) implements Target {
    @Override
    public String command() {
      return "reconcile";
    }

    @Override
    public Optional<AppState> stateAt(Instant now) {
      return schedule.lastFiringBefore(now).map(Schedule.Firing::state);
    }
  }
}
