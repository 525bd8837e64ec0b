package io.cfmr.toggler.cf;

import io.cfmr.schedule.AppState;
import java.time.Instant;
import java.util.Optional;

/**
 * What one successful toggle did.
 *
 * @param state the state the app is in now
 * @param outcome whether the Cloud Controller was asked to change it
 * @param attempts tries of the whole look-then-act sequence; 1 when nothing was retried
 * @param heldUntil when the outcome is {@code HELD}, the end of the app's {@link Hold}
 */
public record ToggleResult(
    AppState state, Outcome outcome, int attempts, Optional<Instant> heldUntil) {

  public ToggleResult(AppState state, Outcome outcome, int attempts) {
    this(state, outcome, attempts, Optional.empty());
  }

  /** Whether an action call was made, or the app was on hold. */
  public enum Outcome {
    CHANGED,
    ALREADY_IN_STATE,
    /** The app is on {@link Hold}: it was left as it is. */
    HELD
  }
}
