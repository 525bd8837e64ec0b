package io.cfmr.toggler.cf;

import io.cfmr.schedule.AppState;

/**
 * What one successful toggle did.
 *
 * @param state the state the app is in now
 * @param outcome whether the Cloud Controller was asked to change it
 * @param attempts tries of the whole look-then-act sequence; 1 when nothing was retried
 */
public record ToggleResult(AppState state, Outcome outcome, int attempts) {

  /** Whether an action call was made, or why the toggle stopped before it was done. */
  public enum Outcome {
    CHANGED,
    ALREADY_IN_STATE,
    /** A newer firing made another run responsible; this one stopped trying. */
    SUPERSEDED
  }
}
