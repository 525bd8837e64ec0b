package io.cfmr.daemon.metrics;

import io.cfmr.schedule.AppState;
import io.cfmr.toggler.ToggleOutcome;
import java.time.Duration;

/**
 * What the daemon reports about itself. The capabilities call this small interface and never
 * Micrometer directly, so that tests and the benchmark can observe the same events; {@link #NONE}
 * ignores them.
 */
public interface DaemonMetrics {

  DaemonMetrics NONE = new DaemonMetrics() {};

  /** Reports every event to both. */
  static DaemonMetrics both(DaemonMetrics first, DaemonMetrics second) {
    return new DaemonMetrics() {
      @Override
      public void toggled(AppState state, ToggleOutcome outcome, Duration duration) {
        first.toggled(state, outcome, duration);
        second.toggled(state, outcome, duration);
      }

      @Override
      public void triggerLag(Duration lag) {
        first.triggerLag(lag);
        second.triggerLag(lag);
      }

      @Override
      public void schedules(int active, int suspended) {
        first.schedules(active, suspended);
        second.schedules(active, suspended);
      }

      @Override
      public void leader(boolean leading) {
        first.leader(leading);
        second.leader(leading);
      }

      @Override
      public void tokenRequested() {
        first.tokenRequested();
        second.tokenRequested();
      }

      @Override
      public void retried(AppState state) {
        first.retried(state);
        second.retried(state);
      }

      @Override
      public void diverged(int apps) {
        first.diverged(apps);
        second.diverged(apps);
      }

      @Override
      public void resynced(Duration duration) {
        first.resynced(duration);
        second.resynced(duration);
      }
    };
  }

  /**
   * One toggle finished.
   *
   * @param duration how long the Cloud Controller call took; zero for a dry run
   */
  default void toggled(AppState state, ToggleOutcome outcome, Duration duration) {}

  /** How late a trigger's job ran after the time its cron expression named. */
  default void triggerLag(Duration lag) {}

  /** The number of schedules that fire ({@code active}) and that are kept but paused. */
  default void schedules(int active, int suspended) {}

  /** Whether this daemon fires (always true without leader election). */
  default void leader(boolean leading) {}

  /** A token was requested from the UAA; one should serve many toggles. */
  default void tokenRequested() {}

  /** A failed toggle is tried again (after its backoff, or early when the foundation is back). */
  default void retried(AppState state) {}

  /** How many apps were last seen out of their wanted state and not fixed since. */
  default void diverged(int apps) {}

  /** A resync pass ended: from its start until every look it asked for was made. */
  default void resynced(Duration duration) {}
}
