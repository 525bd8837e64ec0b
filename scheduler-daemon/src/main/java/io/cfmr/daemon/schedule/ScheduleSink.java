package io.cfmr.daemon.schedule;

import io.cfmr.schedule.AppGuid;
import io.cfmr.schedule.Schedule;

/** Where a schedule source delivers what it reads. Putting an unchanged schedule does nothing. */
public interface ScheduleSink {

  /** Adds the app's schedule or replaces its old one. */
  void put(Schedule schedule);

  /** Removes the app's schedule, if it has one. */
  void remove(AppGuid app);
}
