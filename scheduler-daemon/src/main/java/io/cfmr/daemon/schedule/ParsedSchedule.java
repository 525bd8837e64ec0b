package io.cfmr.daemon.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import io.cfmr.schedule.AppGuid;
import io.cfmr.schedule.CronSyntax;
import io.cfmr.schedule.InvalidScheduleException;
import io.cfmr.schedule.Schedule;
import io.cfmr.schedule.ScheduleJson;
import java.util.Optional;
import java.util.function.Supplier;

/** One schedule as a source read it: valid, or rejected with the reason. */
public sealed interface ParsedSchedule {

  /** Where it came from, for log lines: {@code entry 3}, {@code configmap cfmr-schedule-...}. */
  String origin();

  record Valid(Schedule schedule, String origin) implements ParsedSchedule {}

  /**
   * @param app the app the schedule names, when at least its {@code app-guid} was readable
   */
  record Rejected(Optional<AppGuid> app, InvalidScheduleException reason, String origin)
      implements ParsedSchedule {}

  /** Validates one schedule with the same code the broker uses, in the daemon's cron syntax. */
  static ParsedSchedule parse(JsonNode json, String origin) {
    return of(
        () -> ScheduleJson.parse(json, CronSyntax.KUBERNETES_OR_SECONDS, Optional.empty()), origin);
  }

  /** The schedule {@code read} returns, or why it refused it. */
  static ParsedSchedule of(Supplier<Schedule> read, String origin) {
    try {
      return new Valid(read.get(), origin);
    } catch (InvalidScheduleException e) {
      return new Rejected(e.app(), e, origin);
    }
  }
}
