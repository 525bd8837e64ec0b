package io.cfmr.daemon.schedule;

/**
 * A schedule source cannot be used at start (a missing or unparseable file, no namespace): a
 * configuration error, exit code 2. Later, the same problems only keep the last good schedules.
 */
public final class ScheduleSourceException extends RuntimeException {

  public ScheduleSourceException(String message) {
    super(message);
  }

  public ScheduleSourceException(String message, Throwable cause) {
    super(message, cause);
  }
}
