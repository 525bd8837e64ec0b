package io.cfmr.daemon.toggle;

import java.util.Locale;

/** Why a toggle was asked for; shown in its log line. */
public enum Cause {
  /** A start or stop trigger fired. */
  TRIGGER,
  /** A schedule was loaded, added or changed, or this daemon became the leader. */
  RECONCILE,
  /** Quartz skipped a firing (a pause, a long GC, a suspended schedule resumed). */
  MISFIRE,
  /** The periodic look at every active schedule's app (an app started or stopped by hand). */
  RESYNC;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
