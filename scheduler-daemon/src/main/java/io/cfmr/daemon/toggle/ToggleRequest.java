package io.cfmr.daemon.toggle;

import io.cfmr.schedule.AppGuid;
import io.cfmr.schedule.AppState;
import java.time.Instant;
import java.util.Objects;

/**
 * A wanted state for an app.
 *
 * @param firedAt when the schedule's firing that calls for {@code state} happened; requests for one
 *     app are ordered by it, so that of two racing requests the later firing wins, whichever thread
 *     submits last
 * @param dryRun log and count only, no Cloud Controller call
 */
public record ToggleRequest(
    AppGuid app, AppState state, Instant firedAt, Cause cause, boolean dryRun) {

  public ToggleRequest {
    Objects.requireNonNull(app, "app");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(firedAt, "firedAt");
    Objects.requireNonNull(cause, "cause");
  }
}
