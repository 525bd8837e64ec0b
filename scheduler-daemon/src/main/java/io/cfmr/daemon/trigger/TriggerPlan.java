package io.cfmr.daemon.trigger;

import io.cfmr.schedule.AppGuid;
import io.cfmr.schedule.AppState;
import io.cfmr.schedule.Chaos;
import io.cfmr.schedule.CronSpec;
import io.cfmr.schedule.Schedule;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;

/**
 * A schedule in Quartz's terms: one {@link Timing} per expression, and one Quartz trigger per
 * timing, shared by every app whose schedule has it. At 19:00 on a weekday a foundation's office
 * hours are a handful of triggers, not one per app: Quartz acquires, fires and reschedules a few,
 * and the firing hands all their apps over at once.
 *
 * <p>Every trigger runs the one durable job. A suspended schedule's timings are triggers of their
 * own, in a Quartz group that is paused from the start (so they never fire, also not in the moment
 * after being added), apart from the triggers of the same timing that fire.
 *
 * <p>What belongs to one app alone is a one-shot trigger of its own on the same job, named by the
 * app's GUID: a chaos schedule's next flip (group {@value #CHAOS}) and the end of an app's hold
 * (group {@value #HOLD_END}).
 */
public final class TriggerPlan {

  static final JobKey JOB = JobKey.jobKey("fire", "cfmr");
  static final String FIRING_GROUP = "firing";
  static final String SUSPENDED_GROUP = "suspended";

  /** The group of chaos schedules' triggers, each set to its app's next flip when it fires. */
  static final String CHAOS = "chaos";

  /** The group of the triggers that reconcile an app when its hold ends. */
  static final String HOLD_END = "hold-end";

  /** A chaos trigger's job data key for the state its flip calls for. */
  static final String STATE = "state";

  private TriggerPlan() {}

  /**
   * What the apps of one trigger share.
   *
   * @param state what the firing calls for
   * @param cron when, read in {@code zone} (all of a Kubernetes expression's parts: its OR of the
   *     day fields is the one trigger's)
   * @param suspended whether the trigger is paused
   */
  public record Timing(AppState state, CronSpec cron, ZoneId zone, boolean suspended) {

    public Timing {
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(cron, "cron");
      Objects.requireNonNull(zone, "zone");
    }

    /** {@code start 0 19 * * MON-FRI Europe/Berlin}, in the firing or the suspended group. */
    public TriggerKey key() {
      return TriggerKey.triggerKey(
          state.action() + " " + cron.expression() + " " + zone.getId(),
          suspended ? SUSPENDED_GROUP : FIRING_GROUP);
    }
  }

  /** The schedule's timings: its start, then its stop. */
  public static List<Timing> timings(Schedule schedule) {
    List<Timing> timings = new ArrayList<>(2);
    schedule.start().ifPresent(cron -> timings.add(timing(AppState.STARTED, cron, schedule)));
    schedule.stop().ifPresent(cron -> timings.add(timing(AppState.STOPPED, cron, schedule)));
    return List.copyOf(timings);
  }

  private static Timing timing(AppState state, CronSpec cron, Schedule schedule) {
    return new Timing(state, cron, schedule.timezone(), schedule.suspend());
  }

  /** The key of the app's one-shot trigger in {@code group}. */
  static TriggerKey oneShotKey(AppGuid app, String group) {
    return TriggerKey.triggerKey(app.value(), group);
  }

  /** The chaos trigger at the first flip after {@code after}. */
  static Trigger chaosFlip(AppGuid app, Chaos chaos, Instant after) {
    Schedule.Firing flip = chaos.nextFlipAfter(after);
    return oneShot(app, CHAOS, flip.at().toInstant())
        .usingJobData(STATE, flip.state().name())
        .build();
  }

  /** The trigger that reconciles the app at {@code at}, when its hold ends. */
  static Trigger holdEnd(AppGuid app, Instant at) {
    return oneShot(app, HOLD_END, at).build();
  }

  // Fired late rather than never: a one-shot trigger that misfired would leave nothing behind.
  private static TriggerBuilder<SimpleTrigger> oneShot(AppGuid app, String group, Instant at) {
    return TriggerBuilder.newTrigger()
        .withIdentity(oneShotKey(app, group))
        .forJob(JOB)
        .startAt(Date.from(at))
        .withSchedule(
            SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow());
  }

  /** The job of every trigger; durable, so that it stays while no trigger is left. */
  static JobDetail job() {
    return JobBuilder.newJob(FireJob.class).withIdentity(JOB).storeDurably().build();
  }
}
