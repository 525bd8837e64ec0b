package io.cfmr.daemon.trigger;

import io.cfmr.schedule.AppGuid;
import io.cfmr.schedule.AppState;
import java.time.Instant;
import java.util.List;

/** What Quartz tells the daemon. Called on Quartz's threads; must return quickly. */
public interface FiringHandler {

  /** A trigger that calls for {@code state} fired for {@code scheduledAt}; these are its apps. */
  void fired(List<AppGuid> apps, AppState state, Instant scheduledAt);

  /** Quartz skipped a firing of a trigger (it came too late to fire); these are its apps. */
  void misfired(List<AppGuid> apps);

  /** The app's hold ({@code cfmr.io/hold-until}) has ended: it should get its wanted state. */
  void holdEnded(AppGuid app);
}
