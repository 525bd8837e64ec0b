package io.cfmr.toggler.cf;

import io.cfmr.schedule.AppState;
import io.cfmr.toggler.ToggleOutcome;

/**
 * What one successful toggle did.
 *
 * @param state the state the app is in now
 * @param outcome whether the Cloud Controller was asked to change it: {@link ToggleOutcome#CHANGED}
 *     or {@link ToggleOutcome#ALREADY_IN_STATE}
 * @param attempts tries of the whole look-then-act sequence; 1 when nothing was retried
 */
public record ToggleResult(AppState state, ToggleOutcome outcome, int attempts) {}
