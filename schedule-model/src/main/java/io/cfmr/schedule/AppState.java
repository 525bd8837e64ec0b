package io.cfmr.schedule;

/** The two states a schedule drives an app to, named as the Cloud Controller names them. */
public enum AppState {
  STARTED,
  STOPPED;

  /** The toggler subcommand and Cloud Controller action that reach this state. */
  public String action() {
    return this == STARTED ? "start" : "stop";
  }
}
