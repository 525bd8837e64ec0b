package io.cfmr.toggler.cf;

import io.cfmr.schedule.AppState;
import io.cfmr.toggler.ToggleOutcome;

/**
 * What one toggle that did not fail did.
 *
 * @param state the wanted state: the app's state now, unless superseded
 * @param outcome whether the Cloud Controller was asked to change it: {@link ToggleOutcome#CHANGED}
 *     or {@link ToggleOutcome#ALREADY_IN_STATE}; or {@link ToggleOutcome#SUPERSEDED} when a newer
 *     firing made another run responsible and this one stopped trying
 * @param attempts tries of the whole look-then-act sequence; 1 when nothing was retried
 */
public record ToggleResult(AppState state, ToggleOutcome outcome, int attempts) {}
