package io.cfmr.daemon.trigger;

import io.cfmr.schedule.AppGuid;
import io.cfmr.schedule.AppState;
import java.time.Instant;

/** What Quartz tells the daemon. Called on Quartz's threads; must return quickly. */
public interface FiringHandler {

  /** One of the app's triggers, a {@code state} one, fired for {@code scheduledAt}. */
  void fired(AppGuid app, AppState state, Instant scheduledAt);

  /** Quartz skipped one of the app's firings (it came too late to fire). */
  void misfired(AppGuid app);

  /** The app's hold ({@code cfmr.io/hold-until}) has ended: it should get its wanted state. */
  void holdEnded(AppGuid app);
}
