package io.cfmr.daemon.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import io.cfmr.schedule.AppGuid;
import io.cfmr.schedule.CronSyntax;
import io.cfmr.schedule.InvalidScheduleException;
import io.cfmr.schedule.Schedule;
import io.cfmr.schedule.ScheduleJson;
import java.util.Optional;

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
    try {
      return new Valid(
          ScheduleJson.parse(json, CronSyntax.KUBERNETES_OR_SECONDS, Optional.empty()), origin);
    } catch (InvalidScheduleException e) {
      return new Rejected(appOf(json), e, origin);
    }
  }

  private static Optional<AppGuid> appOf(JsonNode json) {
    JsonNode guid = json == null ? null : json.get(ScheduleJson.APP_GUID);
    if (guid == null || !guid.isTextual()) {
      return Optional.empty();
    }
    try {
      return Optional.of(AppGuid.parse(ScheduleJson.APP_GUID, guid.textValue()));
    } catch (InvalidScheduleException e) {
      return Optional.empty();
    }
  }
}
