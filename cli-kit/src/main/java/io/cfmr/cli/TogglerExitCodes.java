package io.cfmr.cli;

import java.util.List;

/**
 * The toggler's exit codes (docs/contract.md), declared once: the toggler exits with them, and the
 * broker writes the CronJobs whose pod failure policy ends a Job on them.
 */
public final class TogglerExitCodes {

  /** Usage or configuration error: missing or invalid credentials, bad GUID, bad cron. */
  public static final int USAGE = Cli.USAGE;

  /** The UAA rejected the credentials. */
  public static final int AUTHENTICATION = 3;

  /** The app does not exist, or the credentials may not change it. */
  public static final int APP_ACCESS = 4;

  /** The Cloud Controller or UAA was unreachable or kept failing until the timeout. */
  public static final int UNAVAILABLE = 5;

  /**
   * The codes by which the toggler has decided for good (it retries within its run): a new run
   * would only repeat them.
   */
  public static final List<Integer> FINAL = List.of(USAGE, AUTHENTICATION, APP_ACCESS, UNAVAILABLE);

  private TogglerExitCodes() {}
}
