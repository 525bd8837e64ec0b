package io.cfmr.toggler.cf;

import io.cfmr.schedule.AppGuid;
import io.cfmr.schedule.AppState;
import io.cfmr.toggler.ToggleOutcome;
import reactor.core.publisher.Mono;

/** One try of look-then-act against one Cloud Controller API version. */
interface StateChange {

  /** Reads the app's state and asks for {@code desired} only when the app is not in it yet. */
  Mono<ToggleOutcome> apply(AppGuid app, AppState desired);
}
