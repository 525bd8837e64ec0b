package io.cfmr.daemon.trigger;

import org.quartz.Job;
import org.quartz.JobExecutionContext;

/** The job every trigger runs: it hands the firing, with the trigger's apps, over and returns. */
final class FireJob implements Job {

  private final FiringHandler handler;
  private final QuartzTriggers triggers;

  FireJob(FiringHandler handler, QuartzTriggers triggers) {
    this.handler = handler;
    this.triggers = triggers;
  }

  @Override
  public void execute(JobExecutionContext context) {
    TriggerPlan.Timing timing = ((ScheduleTrigger) context.getTrigger()).timing();
    handler.fired(
        triggers.apps(timing), timing.state(), context.getScheduledFireTime().toInstant());
  }
}
