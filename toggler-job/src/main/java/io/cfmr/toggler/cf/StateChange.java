package io.cfmr.toggler.cf;

import io.cfmr.schedule.AppGuid;
import io.cfmr.schedule.AppState;
import io.cfmr.toggler.ToggleOutcome;
import java.time.Instant;
import java.util.Optional;
import reactor.core.publisher.Mono;

/** One try of look-then-act against one Cloud Controller API version. */
interface StateChange {

  /** Reads the app's state and asks for {@code desired} only when the app is not in it yet. */
  Mono<Applied> apply(AppGuid app, AppState desired);

  /**
   * What one try did.
   *
   * @param heldUntil the end of the app's {@link Hold}, when the outcome is {@code HELD}
   */
  record Applied(ToggleOutcome outcome, Optional<Instant> heldUntil) {

    static Mono<Applied> just(ToggleOutcome outcome) {
      return Mono.just(new Applied(outcome, Optional.empty()));
    }
  }
}
