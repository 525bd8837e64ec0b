package io.cfmr.daemon.trigger;

import io.cfmr.schedule.AppGuid;
import io.cfmr.schedule.AppState;
import io.cfmr.schedule.CronSpec;
import io.cfmr.schedule.Schedule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;

/**
 * A schedule in Quartz's terms: one job per app, whose triggers (group = the app's GUID) are the
 * Quartz cron expressions of the schedule model's one translator, read in the schedule's zone.
 *
 * <p>A missed firing is never made up ({@code DO_NOTHING}): the trigger listener turns it into a
 * reconcile instead, so a long pause ends in one toggle to the right state rather than a burst of
 * stale ones.
 */
public final class TriggerPlan {

  static final String JOB_GROUP = "cfmr";

  /** The trigger's job data key for the state it calls for. */
  static final String STATE = "state";

  /** The one trigger of a chaos schedule, set to its next flip each time it fires. */
  static final String CHAOS = "chaos";

  /** The trigger that reconciles an app when its hold ends. */
  static final String HOLD_END = "hold-end";

  private TriggerPlan() {}

  public static JobKey jobKey(AppGuid app) {
    return JobKey.jobKey(app.value(), JOB_GROUP);
  }

  /** The group of the app's triggers: pausing it pauses them, also ones added later. */
  public static String triggerGroup(AppGuid app) {
    return app.value();
  }

  static JobDetail job(AppGuid app) {
    return JobBuilder.newJob(FireJob.class).withIdentity(jobKey(app)).build();
  }

  /**
   * The triggers, named {@code start-0}, {@code stop-0}, {@code stop-1}, ...; for chaos, one
   * trigger at the first flip after {@code now}.
   */
  public static List<Trigger> triggers(Schedule schedule, Instant now) {
    if (schedule.chaos().isPresent()) {
      return List.of(chaosFlip(schedule, now));
    }
    List<Trigger> triggers = new ArrayList<>();
    add(triggers, schedule, AppState.STARTED, schedule.start());
    add(triggers, schedule, AppState.STOPPED, schedule.stop());
    return triggers;
  }

  /** The chaos trigger at the schedule's first flip after {@code after}. */
  static Trigger chaosFlip(Schedule schedule, Instant after) {
    Schedule.Firing flip = schedule.chaos().orElseThrow().nextFlipAfter(after);
    return oneShot(schedule.appGuid(), CHAOS, flip.at().toInstant())
        .usingJobData(STATE, flip.state().name())
        .build();
  }

  /** The trigger that reconciles the app at {@code at}, when its hold ends. */
  static Trigger holdEnd(AppGuid app, Instant at) {
    return oneShot(app, HOLD_END, at).build();
  }

  // Fired late rather than never: a one-shot trigger that misfired would leave nothing behind.
  private static TriggerBuilder<SimpleTrigger> oneShot(AppGuid app, String name, Instant at) {
    return TriggerBuilder.newTrigger()
        .withIdentity(name, triggerGroup(app))
        .forJob(jobKey(app))
        .startAt(Date.from(at))
        .withSchedule(
            SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow());
  }

  private static void add(
      List<Trigger> triggers, Schedule schedule, AppState state, Optional<CronSpec> cron) {
    if (cron.isEmpty()) {
      return;
    }
    List<String> expressions = cron.get().quartzExpressions();
    for (int i = 0; i < expressions.size(); i++) {
      triggers.add(
          TriggerBuilder.newTrigger()
              .withIdentity(state.action() + "-" + i, triggerGroup(schedule.appGuid()))
              .forJob(jobKey(schedule.appGuid()))
              .usingJobData(STATE, state.name())
              .withSchedule(
                  CronScheduleBuilder.cronSchedule(expressions.get(i))
                      .inTimeZone(TimeZone.getTimeZone(schedule.timezone()))
                      .withMisfireHandlingInstructionDoNothing())
              .build());
    }
  }
}
