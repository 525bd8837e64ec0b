package io.cfmr.daemon.bench;

import io.cfmr.schedule.AppGuid;
import java.time.ZonedDateTime;
import java.util.function.IntFunction;

/** Schedules files for the daemon benchmarks: numbered apps, all due at the same second. */
final class BenchSchedules {

  private BenchSchedules() {}

  static AppGuid appGuid(int i) {
    return new AppGuid(String.format("00000000-0000-4000-8000-%012d", i));
  }

  /** A 6-field expression firing daily at {@code at}'s time of day, {@code plusHours} later. */
  static String daily(ZonedDateTime at, int plusHours) {
    return at.getSecond() + " " + at.getMinute() + " " + (at.getHour() + plusHours) % 24 + " * * *";
  }

  /**
   * A JSON list of schedules for apps {@code 0} to {@code apps - 1}, each with the {@code cron}
   * object's fields {@code cronFields} (e.g. {@code "stop":"0 0 19 * * *"}).
   */
  static String json(int apps, String cronFields) {
    return json(apps, i -> cronFields);
  }

  /** The same, app {@code i} with the {@code cron} object's fields {@code cronFieldsOf(i)}. */
  static String json(int apps, IntFunction<String> cronFieldsOf) {
    StringBuilder json = new StringBuilder("[\n");
    for (int i = 0; i < apps; i++) {
      json.append(i == 0 ? "" : ",\n")
          .append("{\"app-guid\":\"")
          .append(appGuid(i).value())
          .append("\",\"cron\":{")
          .append(cronFieldsOf.apply(i))
          .append("}}");
    }
    return json.append("\n]\n").toString();
  }
}
