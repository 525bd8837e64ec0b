package io.cfmr.daemon.trigger;

import io.cfmr.daemon.trigger.TriggerPlan.Timing;
import java.time.Instant;
import java.util.Date;
import org.quartz.Calendar;
import org.quartz.ScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.spi.MutableTrigger;

/**
 * A Quartz trigger that fires at the instants of its {@link Timing}, as the schedule model reads
 * them ({@link io.cfmr.schedule.CronSpec#nextFireAfter}): the same firings as the reconcile rule, a
 * repeated wall-clock time in both passes included.
 *
 * <p>Quartz's own {@code CronTrigger} parses its expression into sets of boxed integers, ~10 KB a
 * trigger, and again on every copy the job store makes; this one shares the schedule model's parsed
 * expression (~0.7 KB, one per distinct expression) and copies in a few fields. A missed firing is
 * never made up ({@link Trigger#MISFIRE_INSTRUCTION_SMART_POLICY} = do nothing): the trigger
 * listener turns it into a reconcile, so a long pause ends in one toggle to the right state rather
 * than a burst of stale ones.
 */
final class ScheduleTrigger extends org.quartz.impl.triggers.AbstractTrigger<ScheduleTrigger> {

  private static final long serialVersionUID = 1L;

  private final Timing timing;
  private Date startTime;
  private Date endTime;
  private Date nextFireTime;
  private Date previousFireTime;

  /** The first firing at or after the start time, worked out when the start time is set. */
  private Date firstFireTime;

  /**
   * Works the first firing out at once: built on many threads, many triggers cost Quartz nothing
   * when it asks for their first firings one by one.
   */
  ScheduleTrigger(Timing timing, Date startTime) {
    this.timing = timing;
    setKey(timing.key());
    setJobKey(TriggerPlan.JOB);
    setStartTime(startTime);
  }

  Timing timing() {
    return timing;
  }

  @Override
  public Date getFireTimeAfter(Date after) {
    Instant from = (after == null ? new Date() : after).toInstant();
    // Like Quartz's triggers: the first firing is at or after the start time.
    Instant beforeStart = startTime.toInstant().minusSeconds(1);
    if (from.isBefore(beforeStart)) {
      from = beforeStart;
    }
    Date next =
        timing
            .cron()
            .nextFireAfter(from.atZone(timing.zone()))
            .map(at -> Date.from(at.toInstant()))
            .orElse(null);
    return next == null || (endTime != null && next.after(endTime)) ? null : next;
  }

  @Override
  public Date computeFirstFireTime(Calendar calendar) {
    nextFireTime = firstFireTime;
    return nextFireTime;
  }

  @Override
  public void triggered(Calendar calendar) {
    previousFireTime = nextFireTime;
    nextFireTime = getFireTimeAfter(nextFireTime);
  }

  /** Skips what was missed: the next firing is the first one from now on. */
  @Override
  public void updateAfterMisfire(Calendar calendar) {
    nextFireTime = getFireTimeAfter(new Date());
  }

  @Override
  public void updateWithNewCalendar(Calendar calendar, long misfireThreshold) {
    // The daemon uses no Quartz calendars.
  }

  @Override
  protected boolean validateMisfireInstruction(int instruction) {
    return instruction == MISFIRE_INSTRUCTION_SMART_POLICY;
  }

  @Override
  public boolean mayFireAgain() {
    return nextFireTime != null;
  }

  @Override
  public Date getStartTime() {
    return startTime;
  }

  @Override
  public void setStartTime(Date startTime) {
    this.startTime = startTime;
    this.firstFireTime = getFireTimeAfter(new Date(startTime.getTime() - 1000L));
  }

  @Override
  public Date getEndTime() {
    return endTime;
  }

  @Override
  public void setEndTime(Date endTime) {
    this.endTime = endTime;
  }

  @Override
  public Date getNextFireTime() {
    return nextFireTime;
  }

  @Override
  public void setNextFireTime(Date nextFireTime) {
    this.nextFireTime = nextFireTime;
  }

  @Override
  public Date getPreviousFireTime() {
    return previousFireTime;
  }

  @Override
  public void setPreviousFireTime(Date previousFireTime) {
    this.previousFireTime = previousFireTime;
  }

  /** Not known without searching to the end of time; no one asks. */
  @Override
  public Date getFinalFireTime() {
    return null;
  }

  @Override
  public ScheduleBuilder<ScheduleTrigger> getScheduleBuilder() {
    return new ScheduleBuilder<>() {
      @Override
      protected MutableTrigger build() {
        return new ScheduleTrigger(timing, new Date());
      }
    };
  }
}
