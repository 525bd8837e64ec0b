package io.cfmr.toggler.cf;

import io.cfmr.schedule.AppGuid;
import io.cfmr.schedule.AppState;
import reactor.core.publisher.Mono;

/** One try of look-then-act against one Cloud Controller API version. */
interface StateChange {

  /** Reads the app's state and asks for {@code desired} only when the app is not in it yet. */
  Mono<ToggleResult.Outcome> apply(AppGuid app, AppState desired);
}
