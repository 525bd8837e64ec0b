package io.cfmr.toggler;

/**
 * How a toggle ended, in the toggler and the daemon alike; the label is the {@code outcome} of
 * their log lines and of the daemon's {@code cfmr_toggles_total}.
 */
public enum ToggleOutcome {
  /** The Cloud Controller was asked to change the app's state. */
  CHANGED("changed"),
  /** The app was already in the wanted state; nothing was changed. */
  ALREADY_IN_STATE("already-in-state"),
  /** A dry run: logged and counted, no call made. */
  DRY_RUN("dry-run"),
  /** The app is on hold ({@code cfmr.io/hold-until}): left as it is; the toggler exits 0. */
  HELD("held"),
  /**
   * The toggler's reconcile stopped retrying because the schedule fired again: the newer firing's
   * run is responsible now. The daemon never ends a toggle so (a newer wanted state replaces a
   * waiting one before it runs).
   */
  SUPERSEDED("superseded"),
  /** The toggle did not succeed. */
  FAILED("failed");

  private final String label;

  ToggleOutcome(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
