package io.cfmr.daemon.trigger;

import io.cfmr.schedule.AppGuid;
import io.cfmr.schedule.AppState;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/** The job every trigger runs: it hands the firing to the daemon and returns. */
final class FireJob implements Job {

  private final FiringHandler handler;

  FireJob(FiringHandler handler) {
    this.handler = handler;
  }

  @Override
  public void execute(JobExecutionContext context) {
    AppGuid app = new AppGuid(context.getJobDetail().getKey().getName());
    if (context.getTrigger().getKey().getName().equals(TriggerPlan.HOLD_END)) {
      handler.holdEnded(app);
      return;
    }
    handler.fired(
        app,
        AppState.valueOf(context.getTrigger().getJobDataMap().getString(TriggerPlan.STATE)),
        context.getScheduledFireTime().toInstant());
  }
}
