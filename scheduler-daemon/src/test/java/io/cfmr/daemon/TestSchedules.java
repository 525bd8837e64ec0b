package io.cfmr.daemon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cfmr.schedule.AppGuid;
import io.cfmr.schedule.CronSyntax;
import io.cfmr.schedule.Schedule;
import io.cfmr.schedule.ScheduleJson;
import java.io.UncheckedIOException;
import java.util.Optional;

/** Schedules for tests, written in the one JSON shape. */
public final class TestSchedules {

  public static final AppGuid APP_A = new AppGuid("6f0c3f8e-2d1a-4b7e-9c55-1a2b3c4d5e6f");
  public static final AppGuid APP_B = new AppGuid("0b7e1d2c-3f4a-4e5b-8c6d-7e8f9a0b1c2d");
  public static final AppGuid APP_C = new AppGuid("9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d");

  private static final ObjectMapper JSON = new ObjectMapper();

  private TestSchedules() {}

  /** {@code cronJson} is the inside of {@code "cron": {...}}, e.g. {@code "start":"* * * * *"}. */
  public static String json(AppGuid app, String cronJson) {
    return "{\"app-guid\":\"" + app + "\",\"cron\":{" + cronJson + "}}";
  }

  public static Schedule schedule(AppGuid app, String cronJson) {
    try {
      return ScheduleJson.parse(
          JSON.readTree(json(app, cronJson)), CronSyntax.KUBERNETES_OR_SECONDS, Optional.empty());
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Up on even seconds, down on odd ones. */
  public static String everySecond() {
    return "\"start\":\"0/2 * * * * *\",\"stop\":\"1/2 * * * * *\"";
  }
}
