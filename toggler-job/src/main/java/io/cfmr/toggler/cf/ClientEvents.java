package io.cfmr.toggler.cf;

import io.cfmr.schedule.AppGuid;
import io.cfmr.schedule.AppState;
import java.time.Duration;

/**
 * What a client reports while it works, besides its results: the daemon counts token requests,
 * pauses its whole pool on a {@code Retry-After}, and tracks apps found out of their wanted state.
 * Called on the HTTP client's threads: implementations return quickly and never throw.
 */
public interface ClientEvents {

  ClientEvents NONE = new ClientEvents() {};

  /** A token is being requested from the UAA; one should serve many toggles. */
  default void tokenRequested() {}

  /** The Cloud Controller or UAA answered 429 or 503 asking to wait {@code delay}. */
  default void retryAfter(Duration delay) {}

  /**
   * A look (the GET before any action) found {@code app} in {@code wanted} or not; when not, the
   * action follows.
   */
  default void looked(AppGuid app, AppState wanted, boolean inWantedState) {}
}
