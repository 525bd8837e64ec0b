package io.cfmr.daemon.toggle;

/** How a toggle ended; the label is the {@code outcome} of the log line and the metric. */
public enum ToggleOutcome {
  CHANGED("changed"),
  ALREADY_IN_STATE("already-in-state"),
  DRY_RUN("dry-run"),
  /** The app is on hold ({@code cfmr.io/hold-until}): left as it is. */
  HELD("held"),
  FAILED("failed");

  private final String label;

  ToggleOutcome(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
