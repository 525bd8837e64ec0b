package io.cfmr.daemon;

import io.cfmr.daemon.schedule.ScheduleSourceException;
import io.cfmr.toggler.TogglerException;
import picocli.CommandLine.ParameterException;

/** The one place that maps exceptions to the process exit code (docs/contract.md). */
final class ExitCodes {

  static final int OK = 0;
  static final int INTERNAL = 1;
  static final int USAGE = 2;

  private ExitCodes() {}

  static int of(Throwable error) {
    if (error instanceof TogglerException toggler) {
      return toggler.failure().exitCode(); // credentials: 2 for usage
    }
    if (error instanceof ParameterException
        || error instanceof ConfigException
        || error instanceof ScheduleSourceException) {
      return USAGE;
    }
    return INTERNAL;
  }
}
