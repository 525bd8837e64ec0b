package io.cfmr.toggler.cf;

import io.cfmr.schedule.AppState;
import io.cfmr.toggler.ToggleOutcome;
import java.time.Instant;
import java.util.Optional;

/**
 * What one toggle that did not fail did.
 *
 * @param state the wanted state: the app's state now, unless held or superseded
 * @param outcome whether the Cloud Controller was asked to change it: {@link ToggleOutcome#CHANGED}
 *     or {@link ToggleOutcome#ALREADY_IN_STATE}; or {@link ToggleOutcome#HELD} when the app is on
 *     {@link Hold} and was left as it is; or {@link ToggleOutcome#SUPERSEDED} when a newer firing
 *     made another run responsible and this one stopped trying
 * @param attempts tries of the whole look-then-act sequence; 1 when nothing was retried
 * @param heldUntil when the outcome is {@code HELD}, the end of the app's {@link Hold}
 */
public record ToggleResult(
    AppState state, ToggleOutcome outcome, int attempts, Optional<Instant> heldUntil) {

  public ToggleResult(AppState state, ToggleOutcome outcome, int attempts) {
    this(state, outcome, attempts, Optional.empty());
  }
}
