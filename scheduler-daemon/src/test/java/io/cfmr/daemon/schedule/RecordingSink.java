package io.cfmr.daemon.schedule;

import io.cfmr.schedule.AppGuid;
import io.cfmr.schedule.Schedule;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Holds what a source delivered, and the order of the calls. */
class RecordingSink implements ScheduleSink {

  final Map<AppGuid, Schedule> schedules = new ConcurrentHashMap<>();
  final List<String> events = new CopyOnWriteArrayList<>();

  @Override
  public void put(Schedule schedule) {
    schedules.put(schedule.appGuid(), schedule);
    events.add("put " + schedule.appGuid());
  }

  @Override
  public void remove(AppGuid app) {
    schedules.remove(app);
    events.add("remove " + app);
  }
}
