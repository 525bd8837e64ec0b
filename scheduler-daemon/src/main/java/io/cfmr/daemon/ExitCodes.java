package io.cfmr.daemon;

import io.cfmr.cli.Cli;
import io.cfmr.daemon.schedule.ScheduleSourceException;
import io.cfmr.toggler.TogglerException;
import picocli.CommandLine.ParameterException;

/** The one place that maps exceptions to the process exit code (docs/contract.md). */
final class ExitCodes {

  static final int OK = 0;
  static final int INTERNAL = Cli.SOFTWARE;
  static final int USAGE = Cli.USAGE;

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
