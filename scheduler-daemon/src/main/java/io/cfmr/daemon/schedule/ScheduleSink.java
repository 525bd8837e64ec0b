package io.cfmr.daemon.schedule;

import io.cfmr.schedule.AppGuid;
import io.cfmr.schedule.Schedule;
import java.util.Collection;

/** Where a schedule source delivers what it reads. Putting an unchanged schedule does nothing. */
public interface ScheduleSink {

  /** Adds the app's schedule or replaces its old one. */
  void put(Schedule schedule);

  /** {@link #put} for each, in order; a sink may do them at once. */
  default void putAll(Collection<Schedule> schedules) {
    schedules.forEach(this::put);
  }

  /** Removes the app's schedule, if it has one. */
  void remove(AppGuid app);
}
