package io.cfmr.daemon.toggle;

import io.cfmr.daemon.metrics.DaemonMetrics;
import io.cfmr.schedule.AppGuid;
import io.cfmr.schedule.AppState;
import java.util.HashSet;
import java.util.Set;

/**
 * The apps whose last look found them out of their wanted state and that no try has fixed since:
 * the one number that says whether the daemon keeps its promise. An app joins when the client's
 * look finds it wrong, and leaves when a try succeeds (the action that followed the look) or its
 * schedule goes. An app on hold ({@code cfmr.io/hold-until}) never joins: it is left out of its
 * wanted state on purpose, so its look is not reported, and its held try counts as a success.
 */
public final class Divergence {

  /** Changed and reported under the lock, so that reports never overtake each other. */
  private final Set<AppGuid> diverged = new HashSet<>();

  private final DaemonMetrics metrics;

  public Divergence(DaemonMetrics metrics) {
    this.metrics = metrics;
    metrics.diverged(0);
  }

  /** What a look saw; called from the Cloud Controller client. */
  public synchronized void looked(AppGuid app, AppState wanted, boolean inWantedState) {
    if (inWantedState) {
      converged(app);
    } else if (diverged.add(app)) {
      metrics.diverged(diverged.size());
    }
  }

  /** A try succeeded, or the app's schedule went: the app no longer counts. */
  synchronized void converged(AppGuid app) {
    if (diverged.remove(app)) {
      metrics.diverged(diverged.size());
    }
  }

  public synchronized int count() {
    return diverged.size();
  }
}
